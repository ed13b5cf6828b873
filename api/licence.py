"""What the site's open data is licensed under, and whom a reuser must credit.

Every answer of the API carries it (`licence`), and /donnees/ shows it: the site's own licence
and attribution, and for places the datasets they come from, each with its own attribution.
"""

from django.urls import reverse

SITE_NAME = "Tiers-lieux en France"
LICENCE_NAME = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# The communes' names and codes of every place come from this reference (data/README.md).
COMMUNES_REFERENCE = {
    "identifiant": "communes-insee-la-poste",
    "titre": "Code officiel géographique de l'INSEE et base officielle des codes postaux",
    "attribution": (
        "INSEE, Code officiel géographique 2026 ; La Poste, base officielle des codes postaux "
        "— via Etalab, @etalab/decoupage-administratif 6.0.0"
    ),
    "licence": LICENCE_NAME,
    "licence_url": LICENCE_URL,
    "url": "https://github.com/datagouv/decoupage-administratif",
}


def dataset_entry(dataset):
    """A `places.models.Dataset` as the API and /donnees/ describe it."""
    return {
        "identifiant": dataset.slug,
        "titre": dataset.title,
        "attribution": dataset.attribution,
        "licence": dataset.licence,
        "licence_url": dataset.licence_url,
        "url": dataset.url,
    }


def licence(request, datasets=None):
    """The `licence` object of an answer. `datasets`: the census and other files the answer's
    places come from (None for programmes and visits, which have none)."""
    site = request.build_absolute_uri("/")
    entry = {
        "nom": LICENCE_NAME,
        "url": LICENCE_URL,
        "attribution": f"{SITE_NAME} ({site})",
        "description": request.build_absolute_uri(reverse("open_data")),
    }
    if datasets is not None:
        entry["jeux_de_donnees"] = [
            *(dataset_entry(dataset) for dataset in datasets),
            COMMUNES_REFERENCE,
        ]
    return entry


def datasets_of(places):
    """The datasets of these places, each once, in a stable order, from their prefetched
    provenances (no query)."""
    found = {}
    for place in places:
        for provenance in place.provenances.all():
            found.setdefault(provenance.dataset.slug, provenance.dataset)
    return [found[slug] for slug in sorted(found)]
