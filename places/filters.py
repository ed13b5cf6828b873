import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from content.filters import SearchFilterSet
from places.communes import lookup as commune_lookup
from places.filter_options import OptionFilter, Options
from places.models import Lifecycle, Place
from places.models.place import OPENING_DATE


class CommuneField(forms.CharField):
    """Cleans to the communes the text designates (one query), or a French error."""

    def clean(self, value):
        value = super().clean(value)
        return commune_lookup.resolve(value) if value else None


class CommuneFilter(django_filters.Filter):
    """`?commune=14137`, `?commune=75056` (with its arrondissements), `?commune=14650`,
    `?commune=Carpiquet`."""

    field_class = CommuneField

    def filter(self, qs, value):
        return qs if value is None else qs.filter(value.places_q())


SORT_LABELS = {
    "pertinence": _("pertinence"),
    "nom": _("nom (A → Z)"),
    "ouverture": _("année d'ouverture (récents d'abord)"),
    "recent": _("ajout sur le site (récents d'abord)"),
}
SORTS = list(SORT_LABELS.items())

# Without a choice, closed places are left out: their pages stay, lists show what is open.
LIFECYCLE_CHOICES = [
    ("ouverts", _("ouverts")),
    ("en-projet", _("en projet")),
    ("fermes", _("fermés")),
    ("tous", _("tous, fermés compris")),
]
LIFECYCLE_OF = {
    "ouverts": Lifecycle.OPEN,
    "en-projet": Lifecycle.PLANNED,
    "fermes": Lifecycle.CLOSED,
}
INCLUDES_CLOSED = {"fermes", "tous"}


class PlaceFilter(SearchFilterSet):
    search_placeholder = _("nom, commune…")
    ordering_filters = ("tri",)

    type = OptionFilter(
        label=_("Type de lieu"),
        field_name="kinds",
        group="type",
        empty_label=_("Tous les types"),
    )
    region = OptionFilter(
        label=_("Région"),
        field_name="department__region",
        group="region",
        empty_label=_("Toutes les régions"),
    )
    departement = OptionFilter(
        label=_("Département"),
        field_name="department",
        group="departement",
        empty_label=_("Tous les départements"),
    )
    commune = CommuneFilter(
        label=_("Commune"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("nom, code postal ou INSEE")}),
    )
    service = OptionFilter(
        label=_("Service"),
        field_name="services",
        group="service",
        empty_label=_("Tous les services"),
    )
    # The map page links to the places it cannot show; latitude stands for both coordinates.
    coordonnees = django_filters.ChoiceFilter(
        label=_("Coordonnées"),
        choices=[("avec", _("connues (sur la carte)")), ("sans", _("inconnues"))],
        empty_label=_("Connues ou non"),
        method="filter_coordinates",
    )
    statut = django_filters.ChoiceFilter(
        label=_("Statut"),
        choices=LIFECYCLE_CHOICES,
        empty_label=_("ouverts et en projet"),
        method="filter_lifecycle",
    )
    # Without a choice (the first option): by relevance with a query, by name without one.
    # The first option says which, and `nom` is shown only when it differs from it; every
    # value stays valid, links and the API may name any.
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        method="sort",
        choices=SORTS,
        empty_label=_("pertinence"),
    )

    class Meta:
        model = Place
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Unbound or without a status, a filter set applies no filter at all: the default
        # leaves closed places out of the queryset itself. An invalid value is a form error.
        if (self.data or {}).get("statut") not in INCLUDES_CLOSED:
            self.queryset = self.queryset.exclude(lifecycle=Lifecycle.CLOSED)
        options = Options()
        for filter_ in self.filters.values():
            if isinstance(filter_, OptionFilter):
                filter_.bind_options(options)
        if "tri" in self.filters:
            self._show_sorts(self.filters["tri"])

    def _show_sorts(self, tri):
        searching = self.searching
        default = SORT_LABELS["pertinence"] if searching else SORT_LABELS["nom"]
        tri.extra["empty_label"] = default
        shown = [
            (value, label)
            for value, label in SORTS
            if value != "pertinence" and (searching or value != "nom")
        ]
        tri.field.widget.choices = [("", default), *shown]

    @property
    def commune_match(self):
        """What the commune filter understood, for the page to say so; None when unused."""
        return getattr(self.form, "cleaned_data", {}).get("commune")

    def filter_coordinates(self, queryset, name, value):
        return queryset.filter(latitude__isnull=value == "sans")

    def filter_lifecycle(self, queryset, name, value):
        if value in LIFECYCLE_OF:
            return queryset.filter(lifecycle=LIFECYCLE_OF[value])
        return queryset

    def sort(self, queryset, name, value):
        if value == "pertinence" and self.searching:
            return queryset
        if value == "ouverture":
            return queryset.order_by(OPENING_DATE.desc(), "name", "id")
        if value == "recent":
            # Published rows all have their date.
            return queryset.order_by("-published_at", "-id")
        return queryset.order_by("name", "id")
