import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from funding.models import Funder, Programme
from tierslieux.search import search_condition

SEARCH_MAX_LENGTH = 200


def announcement_years():
    years = (
        Programme.objects.published()
        .filter(announced_on__isnull=False)
        .dates("announced_on", "year", order="DESC")
    )
    return [(str(day.year), str(day.year)) for day in years]


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_text",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("nom, objet…")}),
    )
    financeur = django_filters.ModelChoiceFilter(
        label=_("Financeur"),
        field_name="fundings__funder",
        to_field_name="slug",
        queryset=Funder.objects.all(),
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

    def filter_text(self, queryset, name, value):
        condition = search_condition(value)
        return queryset if condition is None else queryset.filter(condition)
