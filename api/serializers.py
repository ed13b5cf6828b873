"""What the API says of each place, programme and visit: the public columns of the site's
exports (`PUBLIC_PLACE_EXPORT`…), with the same French keys, as JSON.

Lists stay lists; a list item made of several values (a funder and its amount, a stop of the
itinerary) is an object. Everything is read from the views' prefetches: no serializer queries.
Only published content is named: a stop at a draft place, or a draft programme announced
during a visit, shows no name, link or identifier of it.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.licence import datasets_of, licence
from content.dates import iso_partial_date

# Text that is null when unknown or unpublished, as the schema says it.
NULLABLE_TEXT = {"type": "string", "nullable": True}


def money(**kwargs):
    return serializers.DecimalField(max_digits=17, decimal_places=2, read_only=True, **kwargs)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field(NULLABLE_TEXT)
class PartialDateField(serializers.Field):
    """A `content.dates.PartialDate` in ISO 8601 at its precision (`2019`, `2019-08`), or null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.iso or None


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class NamesField(serializers.Field):
    """The names of related rows (kinds, services), in the prefetch's order."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, related):
        return [row.name for row in related.all()]


class LicenceSerializer(serializers.Serializer):
    """Documents the `licence` object (api.licence) in the schema."""

    class DatasetSerializer(serializers.Serializer):
        identifiant = serializers.CharField()
        titre = serializers.CharField()
        attribution = serializers.CharField(help_text="Mention à reproduire.")
        licence = serializers.CharField()
        licence_url = serializers.URLField(allow_blank=True)
        url = serializers.URLField(allow_blank=True)

    nom = serializers.CharField(help_text="Licence Ouverte 2.0 (Etalab).")
    url = serializers.URLField()
    attribution = serializers.CharField(help_text="Mention à reproduire en réutilisant.")
    description = serializers.URLField(help_text="La page qui décrit les jeux de données.")
    jeux_de_donnees = DatasetSerializer(
        many=True,
        required=False,
        help_text="Lieux : les jeux de données dont ils viennent, avec leur propre mention.",
    )


# --- Places -----------------------------------------------------------------------------------


class ProvenanceSerializer(serializers.Serializer):
    jeu_de_donnees = serializers.CharField(source="dataset.slug", read_only=True)
    ligne = serializers.CharField(source="row_id", read_only=True)
    attribution = serializers.CharField(source="dataset.attribution", read_only=True)
    licence = serializers.CharField(source="dataset.licence", read_only=True)


class PlaceSerializer(serializers.Serializer):
    identifiant = serializers.CharField(source="slug", read_only=True)
    nom = serializers.CharField(source="name", read_only=True)
    types = NamesField(source="kinds")
    resume = serializers.CharField(source="summary", read_only=True)
    adresse = serializers.CharField(source="street_address", read_only=True)
    code_postal = serializers.CharField(source="postcode", read_only=True)
    commune = serializers.CharField(source="commune_name", read_only=True)
    code_commune = serializers.CharField(source="commune_code", read_only=True)
    departement_code = serializers.CharField(source="department.code", read_only=True)
    departement = serializers.CharField(source="department.name", read_only=True)
    region = serializers.CharField(source="department.region.name", read_only=True)
    latitude = serializers.DecimalField(
        max_digits=10, decimal_places=7, allow_null=True, read_only=True
    )
    longitude = serializers.DecimalField(
        max_digits=10, decimal_places=7, allow_null=True, read_only=True
    )
    site_web = serializers.CharField(source="website", read_only=True)
    surface_m2 = serializers.IntegerField(allow_null=True, read_only=True)
    annee_ouverture = serializers.IntegerField(
        source="year_opened", allow_null=True, read_only=True
    )
    annee_approximative = serializers.BooleanField(
        source="year_opened_is_approximate", read_only=True
    )
    etat = serializers.CharField(
        source="get_lifecycle_display",
        read_only=True,
        help_text="« en projet », « ouvert » ou « fermé ».",
    )
    date_ouverture = PartialDateField(source="opened", help_text="2019, 2019-08 ou 2019-08-12.")
    date_fermeture = PartialDateField(source="closed", help_text="Pour un lieu fermé.")
    raison_fermeture = serializers.CharField(source="closure_reason", read_only=True)
    services = NamesField()
    description = serializers.CharField(read_only=True)
    histoire = serializers.CharField(source="history", read_only=True)
    publie_le = serializers.DateTimeField(source="published_at", read_only=True)
    modifie_le = serializers.DateTimeField(source="updated_at", read_only=True)
    provenance = ProvenanceSerializer(source="provenances", many=True, read_only=True)
    url = PageUrlField()


class PlaceDetailSerializer(PlaceSerializer):
    licence = serializers.SerializerMethodField()

    @extend_schema_field(LicenceSerializer)
    def get_licence(self, place):
        return licence(self.context["request"], datasets_of([place]))


# --- Programmes -------------------------------------------------------------------------------


class FundingSerializer(serializers.Serializer):
    financeur = serializers.CharField(source="funder.name", read_only=True)
    montant = money(source="amount")


class LineSerializer(serializers.Serializer):
    intitule = serializers.CharField(source="name", read_only=True)
    montant = money(source="amount")
    objectif = serializers.IntegerField(source="target_quantity", allow_null=True, read_only=True)
    unite = serializers.CharField(source="target_unit", read_only=True)


class ProgrammeSerializer(serializers.Serializer):
    identifiant = serializers.CharField(source="slug", read_only=True)
    nom = serializers.CharField(source="name", read_only=True)
    resume = serializers.CharField(source="summary", read_only=True)
    annonce = serializers.SerializerMethodField(
        help_text="Date de l'annonce à sa précision : 2021-08 quand seul le mois est connu."
    )
    montant_total = money(source="total_amount", allow_null=True)
    somme_des_lignes = money(source="lines_total")
    reste_non_reparti = money(
        source="unallocated",
        allow_null=True,
        help_text="Total annoncé moins la somme des lignes ; négatif quand elles le dépassent.",
    )
    financeurs = FundingSerializer(source="fundings", many=True, read_only=True)
    lignes = LineSerializer(source="lines", many=True, read_only=True)
    publie_le = serializers.DateTimeField(source="published_at", read_only=True)
    modifie_le = serializers.DateTimeField(source="updated_at", read_only=True)
    url = PageUrlField()

    @extend_schema_field(NULLABLE_TEXT)
    def get_annonce(self, programme):
        return iso_partial_date(programme.announced_on, programme.announced_on_precision) or None


class ProgrammeDetailSerializer(ProgrammeSerializer):
    licence = serializers.SerializerMethodField()

    @extend_schema_field(LicenceSerializer)
    def get_licence(self, programme):
        return licence(self.context["request"])


# --- Visits -----------------------------------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    personne = serializers.CharField(source="person.name", allow_null=True, read_only=True)
    fonction = serializers.CharField(source="office", read_only=True)
    role = serializers.CharField(source="get_role_display", read_only=True)


class StopSerializer(serializers.Serializer):
    ordre = serializers.IntegerField(source="order", read_only=True)
    nature = serializers.CharField(source="get_kind_display", read_only=True)
    intitule = serializers.CharField(source="title", read_only=True)
    lieu = serializers.SerializerMethodField(help_text="Nom du lieu visité, s'il est publié.")
    lieu_identifiant = serializers.SerializerMethodField()
    commune = serializers.SerializerMethodField()

    def _place(self, stop):
        place = stop.place
        return place if place is not None and place.is_published() else None

    @extend_schema_field(NULLABLE_TEXT)
    def get_lieu(self, stop):
        place = self._place(stop)
        return place.name if place else None

    @extend_schema_field(NULLABLE_TEXT)
    def get_lieu_identifiant(self, stop):
        place = self._place(stop)
        return place.slug if place else None

    @extend_schema_field(NULLABLE_TEXT)
    def get_commune(self, stop):
        place = self._place(stop)
        return place.commune_name if place else None


class VisitSerializer(serializers.Serializer):
    identifiant = serializers.CharField(source="slug", read_only=True)
    titre = serializers.CharField(source="title", read_only=True)
    date = serializers.SerializerMethodField(
        help_text="Date à sa précision : 2021-08 quand seul le mois est connu."
    )
    precision_date = serializers.CharField(source="get_date_precision_display", read_only=True)
    resume = serializers.CharField(source="summary", read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    etapes = StopSerializer(source="stops", many=True, read_only=True)
    programmes_annonces = serializers.SerializerMethodField(
        help_text="Noms des programmes publiés annoncés pendant la visite."
    )
    publie_le = serializers.DateTimeField(source="published_at", read_only=True)
    modifie_le = serializers.DateTimeField(source="updated_at", read_only=True)
    url = PageUrlField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_date(self, visit):
        return iso_partial_date(visit.date, visit.date_precision)

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_programmes_annonces(self, visit):
        return [
            announcement.programme.name
            for announcement in visit.announcements.all()
            if announcement.programme.is_published()
        ]


class VisitDetailSerializer(VisitSerializer):
    licence = serializers.SerializerMethodField()

    @extend_schema_field(LicenceSerializer)
    def get_licence(self, visit):
        return licence(self.context["request"])
