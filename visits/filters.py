import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from places.models import Department, Region
from tierslieux.search import search_condition
from visits.models import Participant, Visit

SEARCH_MAX_LENGTH = 200


def visit_years():
    years = Visit.objects.published().dates("date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


def participant_offices():
    offices = (
        Participant.objects.filter(visit__in=Visit.objects.published())
        .exclude(office="")
        .order_by("office")
        .values_list("office", flat=True)
        .distinct()
    )
    return [(office, office) for office in offices]


class VisitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_text",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("titre, objet…")}),
    )
    annee = django_filters.ChoiceFilter(
        label=_("Année"),
        field_name="date",
        lookup_expr="year",
        choices=visit_years,
        empty_label=_("Toutes les années"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région des lieux visités"),
        field_name="stops__place__department__region",
        to_field_name="code",
        queryset=Region.objects.all(),
        empty_label=_("Toutes les régions"),
        distinct=True,
    )
    departement = django_filters.ModelChoiceFilter(
        label=_("Département des lieux visités"),
        field_name="stops__place__department",
        to_field_name="code",
        queryset=Department.objects.all(),
        empty_label=_("Tous les départements"),
        distinct=True,
    )
    fonction = django_filters.ChoiceFilter(
        label=_("Fonction d'un participant"),
        field_name="participants__office",
        choices=participant_offices,
        empty_label=_("Toutes les fonctions"),
        distinct=True,
    )

    class Meta:
        model = Visit
        fields = []

    def filter_text(self, queryset, name, value):
        condition = search_condition(value)
        return queryset if condition is None else queryset.filter(condition)
