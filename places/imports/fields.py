"""The site's import columns: the same French names as the places CSV export.

A mapping says which column of a file feeds each of them. `adresse_complete` is the one column
the export does not have: street, postcode and commune in one cell, split on import.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    # text, list, code, decimal, integer, boolean, status, lifecycle, date (at its precision),
    # datetime
    kind: str = "text"
    model_field: str = ""
    translatable: bool = False  # source values may be translated by the mapping ("T" → Coworking)


FIELDS = [
    ImportField("nom", "Nom du lieu", model_field="name"),
    ImportField("types", "Types de lieu", "list", "kinds", translatable=True),
    ImportField("resume", "Résumé", model_field="summary"),
    ImportField("adresse_complete", "Adresse complète (voie, code postal et commune)"),
    ImportField("adresse", "Adresse (numéro et voie)", model_field="street_address"),
    ImportField("code_postal", "Code postal", "code", "postcode"),
    ImportField("commune", "Commune", model_field="commune_name"),
    ImportField("code_commune", "Code commune INSEE", "code", "commune_code"),
    ImportField("departement_code", "Code du département", "code"),
    ImportField("departement", "Nom du département"),
    ImportField("region", "Région (nom ou code)"),
    ImportField("latitude", "Latitude", "decimal", "latitude"),
    ImportField("longitude", "Longitude", "decimal", "longitude"),
    ImportField("site_web", "Site web", model_field="website"),
    ImportField("surface_m2", "Surface (m²)", "integer", "surface_m2"),
    ImportField("annee_ouverture", "Année d'ouverture", "integer", "year_opened"),
    ImportField(
        "annee_approximative",
        "Année approximative (oui/non)",
        "boolean",
        "year_opened_is_approximate",
    ),
    ImportField(
        "etat", "État (en projet, ouvert ou fermé)", "lifecycle", "lifecycle", translatable=True
    ),
    # A date at its precision, as the export writes it: finer than the year, which it overrides.
    ImportField("date_ouverture", "Date d'ouverture", "date", "opened_on"),
    ImportField("date_fermeture", "Date de fermeture", "date", "closed_on"),
    ImportField("raison_fermeture", "Raison de la fermeture", model_field="closure_reason"),
    ImportField("services", "Services", "list", "services", translatable=True),
    ImportField("description", "Description", model_field="description"),
    ImportField("histoire", "Histoire", model_field="history"),
    ImportField("statut", "Statut (publié ou brouillon)", "status", "status", translatable=True),
    ImportField("publie_le", "Date de publication", "datetime", "published_at"),
    # Only in this site's own export: the page's slug and the datasets a place came from.
    ImportField("identifiant", "Identifiant d'adresse de la page"),
    ImportField("provenance", "Provenance (jeu:ligne)", "list"),
]
BY_NAME = {field.name: field for field in FIELDS}
# What a mapping may fill; the last two belong to this site's own export.
MAPPABLE = [field for field in FIELDS if field.name not in {"identifiant", "provenance"}]

# Place fields an import compares with what is on the site, with the words the report uses.
TRACKED = {
    "name": "nom",
    "kinds": "types",
    "summary": "résumé",
    "street_address": "adresse",
    "postcode": "code postal",
    "commune": "commune",
    "department": "département",
    "latitude": "latitude",
    "longitude": "longitude",
    "website": "site web",
    "surface_m2": "surface",
    "year_opened": "année d'ouverture",
    "year_opened_is_approximate": "année approximative",
    "lifecycle": "état",
    "opened_on": "date d'ouverture",
    "closed_on": "date de fermeture",
    "closure_reason": "raison de la fermeture",
    "services": "services",
    "description": "description",
    "history": "histoire",
    "status": "statut",
}
