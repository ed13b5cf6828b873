import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from content.filters import SearchFilterSet
from places.communes import lookup as commune_lookup
from places.models import Department, Place, PlaceKind, Region, Service


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


class PlaceFilter(SearchFilterSet):
    search_placeholder = _("nom, commune…")
    ordering_filters = ("tri",)

    type = django_filters.ModelChoiceFilter(
        label=_("Type de lieu"),
        field_name="kinds",
        to_field_name="slug",
        queryset=PlaceKind.objects.all(),
        empty_label=_("Tous les types"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"),
        field_name="department__region",
        to_field_name="code",
        queryset=Region.objects.all(),
        empty_label=_("Toutes les régions"),
    )
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="department",
        to_field_name="code",
        queryset=Department.objects.all(),
        empty_label=_("Tous les départements"),
    )
    commune = CommuneFilter(
        label=_("Commune"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("nom, code postal ou INSEE")}),
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Service"),
        field_name="services",
        to_field_name="slug",
        queryset=Service.objects.all(),
        empty_label=_("Tous les services"),
    )
    # The map page links to the places it cannot show; latitude stands for both coordinates.
    coordonnees = django_filters.ChoiceFilter(
        label=_("Coordonnées"),
        choices=[("avec", _("connues (sur la carte)")), ("sans", _("inconnues"))],
        empty_label=_("Connues ou non"),
        method="filter_coordinates",
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        method="sort",
        choices=[
            ("nom", _("nom (A → Z)")),
            ("ouverture", _("année d'ouverture (récents d'abord)")),
            ("recent", _("ajout sur le site (récents d'abord)")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Place
        fields = []

    @property
    def commune_match(self):
        """What the commune filter understood, for the page to say so; None when unused."""
        return getattr(self.form, "cleaned_data", {}).get("commune")

    def filter_coordinates(self, queryset, name, value):
        return queryset.filter(latitude__isnull=value == "sans")

    def sort(self, queryset, name, value):
        if value == "ouverture":
            return queryset.order_by(F("year_opened").desc(nulls_last=True), "name", "id")
        if value == "recent":
            return queryset.order_by(F("published_at").desc(nulls_last=True), "-id")
        return queryset.order_by("name", "id")
