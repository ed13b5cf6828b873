import django_filters
from django.utils.translation import gettext_lazy as _

from content.filters import SearchFilterSet
from content.models import published_filter
from funding.models import Funder, Programme


def announcement_years():
    years = (
        Programme.objects.published()
        .filter(announced_on__isnull=False)
        .dates("announced_on", "year", order="DESC")
    )
    return [(str(day.year), str(day.year)) for day in years]


def published_funders(request):
    """The funders of published programmes: one known only from a draft stays unsaid."""
    return Funder.objects.filter(published_filter("fundings__programme__")).distinct()


class ProgrammeFilter(SearchFilterSet):
    search_placeholder = _("nom, objet…")

    financeur = django_filters.ModelChoiceFilter(
        label=_("Financeur"),
        field_name="fundings__funder",
        to_field_name="slug",
        queryset=published_funders,
        empty_label=_("Tous les financeurs"),
    )
    annee = django_filters.ChoiceFilter(
        label=_("Année de l'annonce"),
        field_name="announced_on",
        lookup_expr="year",
        choices=announcement_years,
        empty_label=_("Toutes les années"),
    )

    class Meta:
        model = Programme
        fields = []
