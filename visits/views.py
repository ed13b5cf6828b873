from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.views.generic import DetailView
from django_filters.views import FilterView

from content.dates import DatePrecision
from content.pagination import CountingPaginator
from content.views import InvalidFilterStatusMixin, PublishedDetailMixin
from funding.models import ProgrammeLine
from visits.calendar import build_calendar
from visits.filters import VisitFilter
from visits.models import Announcement, Participant, Quote, Stop, Visit, VisitPhoto

FEED_TITLE = "Visites officielles dans les tiers-lieux"


def stops_with_places():
    return Prefetch("stops", queryset=Stop.objects.select_related("place").order_by("order", "id"))


class VisitListView(InvalidFilterStatusMixin, FilterView):
    filterset_class = VisitFilter
    paginate_by = 20
    paginator_class = CountingPaginator
    template_name = "visits/visit_list.html"
    context_object_name = "visits"

    def get_queryset(self):
        return (
            Visit.objects.published()
            .prefetch_related(
                stops_with_places(),
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("person").lead_first(),
                ),
            )
            .order_by("-date", "-id")
        )


class VisitDetailView(PublishedDetailMixin, DetailView):
    model = Visit
    template_name = "visits/visit_detail.html"
    context_object_name = "visit"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=Participant.objects.select_related("person").lead_first(),
                ),
                Prefetch(
                    "stops",
                    queryset=Stop.objects.select_related("place__department").order_by(
                        "order", "id"
                    ),
                ),
                Prefetch(
                    "announcements",
                    queryset=Announcement.objects.select_related("programme").prefetch_related(
                        Prefetch("lines", queryset=ProgrammeLine.objects.order_by("order", "id"))
                    ),
                ),
                Prefetch(
                    "quotes",
                    queryset=Quote.objects.select_related("participant__person").order_by(
                        "order", "id"
                    ),
                ),
                Prefetch(
                    "photos", queryset=VisitPhoto.objects.select_related("stop").order_by("order")
                ),
                "sources",
            )
        )


class TextSummaryAtomFeed(Atom1Feed):
    """Atom with summaries of type text: Django's says type="html", which tells feed readers to
    render the editors' plain text as markup (« R&D <b> » would open a bold tag, an <img
    onerror> would run). As text, the same characters are escaped once and shown as written."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class VisitFeed(Feed):
    """Atom feed of published visits, newest first."""

    feed_type = TextSummaryAtomFeed
    title = FEED_TITLE
    link = reverse_lazy("visits:list")
    subtitle = "Les visites officielles dans les tiers-lieux de France, et ce qui y a été annoncé."

    def items(self):
        return Visit.objects.published().order_by("-date", "-id")[:50]

    def item_title(self, visit):
        return f"{visit.title} ({visit.when})"

    def item_description(self, visit):
        return visit.summary

    def item_pubdate(self, visit):
        return visit.published_at

    def item_updateddate(self, visit):
        return visit.updated_at


def calendar(request):
    visits = (
        Visit.objects.published()
        .filter(date_precision=DatePrecision.DAY)
        .prefetch_related(stops_with_places())
        .order_by("-date", "-id")[:500]
    )
    body = build_calendar(
        visits,
        absolute_url=request.build_absolute_uri,
        host=request.get_host().split(":")[0],
        name=FEED_TITLE,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="visites-tiers-lieux.ics"'
    return response
