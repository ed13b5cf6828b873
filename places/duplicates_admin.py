"""The admin's duplicate pages: probable duplicate pairs, then merging one place into the other.

PlaceAdmin.get_urls includes `urls(self)`. Both pages need the permissions to change places
and to delete them: a merge changes the place kept and deletes the other.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from places.imports.duplicates import site_duplicates
from places.merging import MergeError, merge_places, plan_merge
from places.models import Department, Place, Provenance

PAIRS_PER_PAGE = 50


def can_merge(user):
    return user.has_perm("places.change_place") and user.has_perm("places.delete_place")


def urls(model_admin):
    view = model_admin.admin_site.admin_view

    def guarded(function):
        def wrapped(request, *args, **kwargs):
            if not can_merge(request.user):
                raise PermissionDenied
            return function(model_admin, request, *args, **kwargs)

        return view(wrapped)

    return [
        path("doublons/", guarded(duplicates_view), name="places_place_duplicates"),
        path(
            "fusionner/<int:keep>/<int:remove>/",
            guarded(merge_view),
            name="places_place_merge",
        ),
    ]


def _described_places():
    """Places with what the pages show of them, in a fixed number of queries."""
    return (
        Place.objects.select_related("department")
        .annotate(photo_count=Count("photos"))
        .prefetch_related(
            Prefetch(
                "provenances",
                queryset=Provenance.objects.select_related("dataset").order_by("dataset__title"),
            )
        )
    )


def _facts(place):
    datasets = dict.fromkeys(row.dataset.title for row in place.provenances.all())
    return [
        (_("Commune"), place.commune_name or "—"),
        (_("Département"), place.department),
        (_("Code postal"), place.postcode or "—"),
        (_("Site web"), place.website or "—"),
        (_("Provenance"), ", ".join(datasets) or _("saisi sur le site")),
        (_("Photos"), place.photo_count),
        (_("Statut"), place.get_status_display()),
    ]


def side_by_side(first, second):
    """[(label, first's value, second's value)] for a two-column table."""
    return [
        (label, mine, theirs)
        for (label, mine), (_label, theirs) in zip(_facts(first), _facts(second), strict=True)
    ]


def _context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        **extra,
    }


def duplicates_view(model_admin, request):
    departments = list(Department.objects.order_by("code"))
    code = request.GET.get("departement", "")
    department = next((row for row in departments if row.code == code), None)
    if code and department is None:
        pairs = []
    else:
        places = Place.objects.filter(department=department) if department else None
        pairs = site_duplicates(places)
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    ids = {place_id for a, b, _match in page for place_id in (a, b)}
    shown = _described_places().in_bulk(ids) if ids else {}
    rows = [
        {
            "number": number,
            "a": shown[a],
            "b": shown[b],
            "match": match,
            "facts": side_by_side(shown[a], shown[b]),
        }
        for number, (a, b, match) in enumerate(page, start=page.start_index())
        if a in shown and b in shown
    ]
    context = _context(
        model_admin,
        request,
        _("Doublons probables"),
        departments=departments,
        department=department,
        unknown_department=code if code and department is None else "",
        page=page,
        pairs=rows,
    )
    return TemplateResponse(request, "admin/places/place/duplicates.html", context)


def merge_view(model_admin, request, keep, remove):
    if keep == remove:
        messages.error(request, _("Un lieu ne peut pas être fusionné avec lui-même."))
        return redirect("admin:places_place_duplicates")
    kept = get_object_or_404(_described_places(), pk=keep)
    removed = get_object_or_404(_described_places(), pk=remove)
    if request.method == "POST":
        try:
            result = merge_places(kept, removed, user=request.user)
        except MergeError as error:
            messages.error(request, str(error))
            return redirect("admin:places_place_merge", keep=keep, remove=remove)
        messages.success(request, result.message())
        return redirect("admin:places_place_change", kept.pk)
    context = _context(
        model_admin,
        request,
        _("Fusionner « %(remove)s » dans « %(keep)s »") % {"remove": removed, "keep": kept},
        kept=kept,
        removed=removed,
        plan=plan_merge(kept, removed),
        facts=side_by_side(kept, removed),
    )
    return TemplateResponse(request, "admin/places/place/merge_confirm.html", context)
