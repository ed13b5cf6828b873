"""The admin's home page: what waits for the editors, each item a link to the list resolving it.

It reads every content app, so it lives in the project. The number of queries is fixed
whatever the amount of content: one aggregate per kind of content, one for the last imports,
one for the last changes, the home page's figures, and the duplicates' search once per content
version (it reads every place, then is kept in the cache until something changes).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from content import editorial
from content.admin import IncompleteFilter, PublicationFilter
from content.models import Status
from funding.models import Programme
from history import changes
from pagecache import versions
from places.duplicates_admin import can_merge
from places.imports.admin_views import can_import
from places.imports.duplicates import site_duplicates
from places.models import Place, PlaceImport
from tierslieux.figures import headline_figures
from visits.models import Visit

PUBLISHABLE = [Place, Programme, Visit]
LAST_IMPORTS = 5
LAST_CHANGES = 10
DUPLICATES_KEY = "admin-dashboard:duplicates:{version}"


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Section:
    title: str
    items: list


def _changelist(model, **params):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def publication(user):
    """Per kind of content the user may change: drafts, publications scheduled for later, and
    rows breaking an editorial rule (what the « Incomplet » filter lists)."""
    now = timezone.now()
    sections = []
    for model in PUBLISHABLE:
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            continue
        condition = editorial.incomplete_condition(model)
        aggregates = {
            "drafts": Count("pk", filter=Q(status=Status.DRAFT)),
            "scheduled": Count("pk", filter=Q(status=Status.PUBLISHED, published_at__gt=now)),
        }
        if condition is not None:
            aggregates["incomplete"] = Count("pk", filter=condition)
        counts = model.objects.aggregate(**aggregates)
        publication = PublicationFilter.parameter_name
        items = [
            Item(
                _("brouillons à publier"),
                counts["drafts"],
                _changelist(model, **{publication: PublicationFilter.DRAFT}),
            ),
            Item(
                _("publications programmées"),
                counts["scheduled"],
                _changelist(model, **{publication: PublicationFilter.SCHEDULED}),
            ),
        ]
        if condition is not None:
            items.append(
                Item(
                    _("incomplets (règles de publication)"),
                    counts["incomplete"],
                    _changelist(model, **{IncompleteFilter.parameter_name: "oui"}),
                )
            )
        sections.append(Section(capfirst(opts.verbose_name_plural), items))
    return sections


def duplicates(user):
    """How many pairs of places look like one place, with the page to merge them; None for
    those who may not merge."""
    if not can_merge(user):
        return None
    key = DUPLICATES_KEY.format(version=versions.current())
    count = cache.get(key)
    if count is None:
        count = len(site_duplicates())
        cache.set(key, count, versions.entry_seconds())
    return Item(_("doublons probables"), count, reverse("admin:places_place_duplicates"))


def last_imports(user):
    """The last uploaded files, each with its report (or its record, for who may not import)."""
    if not user.has_perm("places.view_placeimport"):
        return None
    # The file and its report can weigh megabytes: the list needs neither.
    rows = PlaceImport.objects.select_related("created_by", "dataset").defer("data", "report")
    report = can_import(user)
    return [
        (
            row,
            reverse(
                "admin:places_place_import_report" if report else "admin:places_placeimport_change",
                args=[row.pk],
            ),
        )
        for row in rows[:LAST_IMPORTS]
    ]


def last_changes(user):
    """The last changes to content the user may see, from the history (history.changes): any
    way they were made (the admin, imports, commands), one indexed query per recorded model."""
    entries, _more = changes.page(changes.visible_models(user), size=LAST_CHANGES)
    return entries[:LAST_CHANGES]


def build(request, app_list):
    """The dashboard of `request.user`; `app_list` is the admin site's list of what they see."""
    user = request.user
    return {
        "publication": publication(user),
        "duplicates": duplicates(user),
        "imports": last_imports(user),
        "changes": last_changes(user),
        "figures": headline_figures(),
    }
