from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView
from django_filters.views import FilterView

from content import sections
from content.pagination import CountingPaginator
from content.views import InvalidFilterStatusMixin, PublishedDetailMixin
from places import tally, timeline
from places.filters import PlaceFilter
from places.models import Place, PlacePhoto

# What a card shows (includes/_place_card.html), and the address of its page.
CARD_FIELDS = (
    *("name", "slug", "summary", "commune_name", "kind_labels", "lifecycle"),
    *("department__name", "department__code"),
)


class PlaceListView(InvalidFilterStatusMixin, FilterView):
    filterset_class = PlaceFilter
    paginate_by = 20
    paginator_class = CountingPaginator
    template_name = "places/place_list.html"
    context_object_name = "places"

    def get_queryset(self):
        # Kinds come from the place's own copy (kind_labels): no query for them. A card reads
        # only the columns it shows, and its cover's id (the photo is read with the page's).
        return (
            Place.objects.published()
            .select_related("department")
            .only(*CARD_FIELDS)
            .annotate(cover_id=PlacePhoto.first_with_file("place"))
            .order_by("name", "id")
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = PlacePhoto.attach_covers(list(rows))
        return paginator, page, page.object_list, is_paginated

    def get_paginator(self, *args, **kwargs):
        # Unfiltered (sorting aside), the list is every public place not closed: the tally
        # counts them without reading them.
        filterset = self.filterset
        if not filterset.is_bound or (filterset.is_valid() and not filterset.active_count):
            kwargs["known_count"] = tally.public_counts()[0]
        return super().get_paginator(*args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The first photo of the page is not lazy-loaded: it is likely above the fold.
        context["first_photo"] = next(
            (place.cover_photos[0] for place in context["places"] if place.cover_photos), None
        )
        return context


class PlaceDetailView(PublishedDetailMixin, DetailView):
    model = Place
    template_name = "places/place_detail.html"
    context_object_name = "place"

    def get_queryset(self):
        # Kinds, services and labels come from the place's own copies (kind_labels,
        # service_labels, held_labels): no query for them.
        return super().get_queryset().select_related("department__region")

    def related(self):
        """What the page lists of its one place, a query each. Not prefetches: for one row
        they make the same queries, and Django's prefetching costs more than the queries."""
        place = self.object
        return {
            "photos": list(place.photos.all()),  # in their order (Photo.Meta)
            "sources": list(place.sources.all()),
            # Only the datasets' credits: the imported values (JSON) are not decoded. One line
            # per dataset: its rows must follow each other, in any order of datasets.
            "provenances": list(
                place.provenances.select_related("dataset")
                .only(
                    *("place_id", "dataset__attribution", "dataset__url"),
                    *("dataset__licence", "dataset__licence_url"),
                )
                .order_by("dataset_id", "row_id")
            ),
        }

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Only on a miss: the page of a place merged into another leads to the one kept.
            kept = self.merged_into()
            if kept is None:
                raise
            return HttpResponsePermanentRedirect(kept.get_absolute_url())

    def merged_into(self):
        """The place an old address leads to, if the requester may see it."""
        visible = PublishedDetailMixin.get_queryset(self)
        return visible.filter(redirects__old_slug=self.kwargs["slug"]).only("slug").first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.related())
        context.update(sections.context("place", self.object))
        context["timeline"] = timeline.events(self.object, context["timeline_entries"])
        return context
