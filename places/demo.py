"""The two places of the founding article, with what it says of them and nothing more.

Commune codes and postcodes identify the communes the article names (code officiel
géographique); everything else comes from the article, told in the site's own words.
Coordinates, street addresses and websites are left empty because the article does not give
them. Both places are open; their opening dates are the years the article gives, nothing finer.
The article's photos are referenced, not reproduced: the site holds no right to them.
"""

import datetime

from content.dates import DatePrecision
from content.demo import set_related, upsert
from places.models import Department, Lifecycle, Place, PlaceKind, PlacePhoto, Service

# The article's photos, as it credits them; the site describes and credits them, and sends
# readers to the article to see them.
ARTICLE_PHOTO = {
    "rights_holder": "Radio France",
    "creator": "Elodie Touchais",
    "is_referenced_only": True,
}


def load(source):
    calvados = Department.objects.get(code="14")
    coworking = PlaceKind.objects.get(slug="coworking")
    workshop = PlaceKind.objects.get(slug="atelier-partage")
    services = {
        slug: upsert(Service, {"slug": slug}, {"name": name})[0]
        for slug, name in [
            ("location-d-equipements", "Location d'équipements à prix réduit"),
            ("location-d-ateliers", "Location d'ateliers"),
            ("bureaux-partages", "Bureaux partagés"),
            ("connexion-internet", "Connexion internet partagée"),
        ]
    }

    atelier, _status = upsert(
        Place,
        {"slug": "l-atelier-normand"},
        {
            "name": "L'atelier normand",
            "summary": (
                "Atelier partagé de 800 m² pour artisans, le bois en tête : qui se lance y "
                "loue machines et espaces de travail à petit prix."
            ),
            "description": (
                "Un lieu de fabrication commun aux artisans. Ceux qui débutent y louent, "
                "moins cher qu'ailleurs, de l'outillage et un atelier. Le travail du bois "
                "y domine."
            ),
            "commune_name": "Carpiquet",
            "commune_code": "14137",
            "postcode": "14650",
            "department": calvados,
            "surface_m2": 800,
            # « Il y a quatre ans environ » in August 2021: the year, approximate, no finer.
            "lifecycle": Lifecycle.OPEN,
            "opened_on": datetime.date(2017, 1, 1),
            "opened_on_precision": DatePrecision.YEAR,
            "year_opened_is_approximate": True,
            "history": (
                "Ouvert quatre ans environ avant que le Premier ministre ne s'y rende, en "
                "août 2021, selon l'article qui relate ce passage."
            ),
        },
    )
    set_related(atelier, "kinds", [workshop])
    set_related(
        atelier,
        "services",
        [services["location-d-equipements"], services["location-d-ateliers"]],
    )
    set_related(atelier, "sources", [source])
    upsert(
        PlacePhoto,
        {"place": atelier, "order": 1},
        {
            "caption": "L'atelier normand, à Carpiquet : 800 m² d'outillage commun aux artisans.",
            **ARTICLE_PHOTO,
        },
    )

    wip, _status = upsert(
        Place,
        {"slug": "le-wip"},
        {
            "name": "Le WIP",
            "summary": (
                "Coworking installé à Colombelles, sur l'ancien site de la SMN : des bureaux "
                "et un accès à internet en commun."
            ),
            "description": (
                "Un tiers-lieu tourné d'abord vers le travail partagé : ceux qui y viennent "
                "occupent des bureaux communs et se servent de la même connexion à internet."
            ),
            "commune_name": "Colombelles",
            "commune_code": "14167",
            "postcode": "14460",
            "department": calvados,
            "lifecycle": Lifecycle.OPEN,
            "opened_on": datetime.date(2019, 1, 1),
            "opened_on_precision": DatePrecision.YEAR,
            "year_opened_is_approximate": False,
            "history": "Ouvert en 2019 à Colombelles, sur l'ancien site de la SMN.",
        },
    )
    set_related(wip, "kinds", [coworking])
    set_related(wip, "services", [services["bureaux-partages"], services["connexion-internet"]])
    set_related(wip, "sources", [source])
    upsert(
        PlacePhoto,
        {"place": wip, "order": 1},
        {
            "caption": "Le WIP, lieu de coworking de Colombelles, sur l'ancien site de la SMN.",
            **ARTICLE_PHOTO,
        },
    )
    return {"atelier": atelier, "wip": wip}
