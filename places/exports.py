"""The columns of the places export, in every format. README lists them: keep both in step.

`--format tierslieux` of `import_places` reads this CSV back, so renaming a key breaks
re-imports of files already exported: add columns, don't rename them.
"""

from exports.cells import Kind
from exports.columns import (
    STAFF_ONLY,
    Column,
    Related,
    labels,
    page_url_column,
    partial_date_column,
    publication_columns,
)
from exports.specs import ExportSpec
from places.models import Lifecycle, Place, Provenance


def _kinds():
    return Place.kinds.through.objects.all()


def _services():
    return Place.services.through.objects.all()


def _provenances():
    return Provenance.objects.all()


def _year(context):
    return lambda opened_on: opened_on.year if opened_on else None


PLACE_EXPORT = ExportSpec(
    columns=[
        Column("identifiant", "Identifiant d'adresse de la page (unique, stable).", "slug"),
        Column("nom", "Nom du lieu.", "name"),
        Related(
            "types",
            "Types de lieu, séparés par « | ».",
            _kinds,
            "place_id",
            ("placekind__name",),
            order_by=("placekind__order", "placekind__name"),
        ),
        Column("resume", "Résumé.", "summary"),
        Column("adresse", "Adresse (numéro et voie).", "street_address"),
        Column("code_postal", "Code postal.", "postcode"),
        Column("commune", "Commune.", "commune_name"),
        Column("code_commune", "Code commune INSEE.", "commune_code"),
        Column("departement_code", "Code INSEE du département (2A, 2B, 971…).", "department__code"),
        Column("departement", "Nom du département.", "department__name"),
        Column("region", "Nom de la région.", "department__region__name"),
        Column("latitude", "Latitude WGS 84, degrés décimaux.", "latitude", Kind.DECIMAL),
        Column("longitude", "Longitude WGS 84, degrés décimaux.", "longitude", Kind.DECIMAL),
        Column("site_web", "Site web (ou page Facebook).", "website"),
        Column("surface_m2", "Surface en m².", "surface_m2", Kind.INTEGER),
        Column(
            "annee_ouverture",
            "Année d'ouverture.",
            kind=Kind.INTEGER,
            fields=("opened_on",),
            bind=_year,
        ),
        Column(
            "annee_approximative",
            "« oui » quand l'année d'ouverture est approximative.",
            "year_opened_is_approximate",
            Kind.BOOLEAN,
        ),
        Column(
            "etat",
            "« en projet », « ouvert » ou « fermé ».",
            fields=("lifecycle",),
            bind=labels(Lifecycle.choices),
        ),
        partial_date_column(
            "date_ouverture",
            "Date d'ouverture à sa précision : `2019`, `2019-08` ou `2019-08-12`.",
            "opened_on",
            "opened_on_precision",
        ),
        partial_date_column(
            "date_fermeture",
            "Date de fermeture à sa précision, pour un lieu fermé.",
            "closed_on",
            "closed_on_precision",
        ),
        Column("raison_fermeture", "Raison de la fermeture, pour un lieu fermé.", "closure_reason"),
        Related(
            "services",
            "Services, séparés par « | ».",
            _services,
            "place_id",
            ("service__name",),
            order_by=("service__name",),
        ),
        Column("description", "Description.", "description"),
        Column("histoire", "Histoire.", "history"),
        *publication_columns(),
        Related(
            "provenance",
            "Jeu de données et ligne d'origine (`cget-tiers-lieux-2019:1500`), séparés par « | ».",
            _provenances,
            "place_id",
            ("dataset__slug", "row_id"),
            order_by=("dataset__slug", "row_id"),
            combine=lambda dataset, row_id: f"{dataset}:{row_id}",
        ),
        page_url_column("places:detail"),
    ],
    geometry=("latitude", "longitude"),
    geojson_properties=(
        "identifiant",
        "nom",
        "types",
        "adresse",
        "code_postal",
        "commune",
        "code_commune",
        "departement_code",
        "departement",
        "region",
        "site_web",
        "etat",
        "statut",
        "url",
    ),
)

# What the public downloads of /lieux/ (places/downloads.py) and the API give: every column but
# the editors' own. Provenance row ids stay: they name the census line a place comes from.
PUBLIC_PLACE_EXPORT = PLACE_EXPORT.without(*STAFF_ONLY)
