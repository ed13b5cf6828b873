"""The two layouts the site knows without being told: the 2019 census and its own export."""

from places.imports.mapping import from_json

CGET = "cget"
TIERSLIEUX = "tierslieux"
FORMATS = (CGET, TIERSLIEUX)

CGET_DATASET = {
    "slug": "cget-tiers-lieux-2019",
    "title": "CGET – Mission Coworking, base des tiers-lieux 2019",
    "attribution": "CGET – Mission Coworking, 2019",
    "licence": "Licence Ouverte 2.0",
    "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "url": "https://github.com/anct-carto/mission_coworking",
}

CGET_MAPPING = {
    "dataset": CGET_DATASET,
    "identifier": "ID",
    "columns": {
        "nom": "NOM_TL",
        "adresse": "ADRESSE",
        "code_postal": "CP",
        "code_commune": "INSEECOM",
        # NOMCOM is the commune of INSEECOM; COMINIT the commune as the place entered it;
        # NOMCOMMETRO the commune the CGET found the point in, for rows that name none.
        "commune": ["NOMCOM", "COMINIT", "NOMCOMMETRO"],
        # Computed by the CGET from the coordinates, wrong overseas: the commune corrects it.
        "departement_code": "INSEEDEP",
        "latitude": "LAT",
        "longitude": "LONG",
        "site_web": "WEB",
        "types": "TYPO",
    },
    "values": {
        "types": {
            "Tiers lieux à dominante coworking": "coworking",
            "Tiers lieux à dominante fablab": "fablab",
        }
    },
    "options": {
        # The census is public open data: its places are published (staff may unpublish one).
        "default_status": "publié",
        # The census writes 0 for an unknown postcode or commune code.
        "missing": {"code_postal": ["0"], "code_commune": ["0"]},
    },
}

# This site's CSV export read back: every column under its own name; rows are pages (slugs).
TIERSLIEUX_COLUMNS = (
    "identifiant",
    "nom",
    "types",
    "resume",
    "adresse",
    "code_postal",
    "commune",
    "code_commune",
    "departement_code",
    "latitude",
    "longitude",
    "site_web",
    "surface_m2",
    "annee_ouverture",
    "annee_approximative",
    "etat",
    "date_ouverture",
    "date_fermeture",
    "raison_fermeture",
    "services",
    "description",
    "histoire",
    "statut",
    "publie_le",
    "provenance",
)
TIERSLIEUX_REQUIRED = ("identifiant", "nom", "departement_code")


def builtin_mapping(file_format, header=()):
    """The mapping of a built-in format; this site's export maps only the columns present."""
    if file_format == CGET:
        mapping = from_json(CGET_MAPPING)
    elif file_format == TIERSLIEUX:
        present = [name for name in TIERSLIEUX_COLUMNS if name in header] or ["nom"]
        mapping = from_json({"columns": {name: name for name in present}})
        mapping.identifier = "identifiant" if "identifiant" in header else ""
    else:
        raise ValueError(file_format)
    mapping.builtin = file_format
    return mapping
