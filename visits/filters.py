import django_filters
from django.utils.translation import gettext_lazy as _

from content.filters import SearchFilterSet
from content.models import published_filter
from places.models import Department, Region
from visits.models import Participant, Visit


def visit_years():
    years = Visit.objects.published().dates("date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


def participant_offices():
    offices = (
        Participant.objects.filter(published_filter("visit__"))
        .exclude(office="")
        .order_by("office")
        .values_list("office", flat=True)
        .distinct()
    )
    return [(office, office) for office in offices]


class VisitFilter(SearchFilterSet):
    search_placeholder = _("titre, objet…")

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
