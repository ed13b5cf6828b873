"""The two places of the founding article, with what it says of them and nothing more.

Commune codes and postcodes identify the communes the article names (code officiel
géographique); everything else comes from the article. Coordinates, street addresses and
websites are left empty because the article does not give them.
"""

from content.demo import set_related, upsert
from content.models import Status
from places.models import Department, Place, PlaceKind, PlacePhoto, Service

RADIO_FRANCE = {"rights_holder": "Radio France", "creator": "Elodie Touchais"}


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
                "Manufacture de proximité de 800 m² où des artisans, surtout des métiers du bois, "
                "louent à prix réduits équipements et ateliers pour lancer leur activité."
            ),
            "description": (
                "Atelier partagé destiné aux artisans. Ceux qui démarrent leur activité y "
                "trouvent, à prix réduits, des équipements et des ateliers à louer ; la "
                "plupart viennent des métiers du bois."
            ),
            "commune_name": "Carpiquet",
            "commune_code": "14137",
            "postcode": "14650",
            "department": calvados,
            "surface_m2": 800,
            "year_opened": 2017,
            "year_opened_is_approximate": True,
            "history": (
                "Créé environ quatre ans avant la visite du Premier ministre d'août 2021, "
                "d'après l'article qui rapporte cette visite."
            ),
            "status": Status.PUBLISHED,
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
            "caption": (
                "L'atelier normand, 800 m² d'équipements mis à la disposition des artisans, "
                "a ouvert environ quatre ans avant la visite."
            ),
            **RADIO_FRANCE,
        },
    )

    wip, _status = upsert(
        Place,
        {"slug": "le-wip"},
        {
            "name": "Le WIP",
            "summary": (
                "Espace de coworking de Colombelles ouvert en 2019 sur l'ancien site "
                "sidérurgique de la SMN : bureaux et connexion internet partagés."
            ),
            "description": (
                "Tiers-lieu à dominante coworking : on y partage notamment des bureaux et "
                "une connexion internet."
            ),
            "commune_name": "Colombelles",
            "commune_code": "14167",
            "postcode": "14460",
            "department": calvados,
            "year_opened": 2019,
            "year_opened_is_approximate": False,
            "history": "Créé en 2019 sur l'ancien site de la SMN, à Colombelles.",
            "status": Status.PUBLISHED,
        },
    )
    set_related(wip, "kinds", [coworking])
    set_related(wip, "services", [services["bureaux-partages"], services["connexion-internet"]])
    set_related(wip, "sources", [source])
    upsert(
        PlacePhoto,
        {"place": wip, "order": 1},
        {
            "caption": (
                "Le WIP, espace de coworking ouvert en 2019 à Colombelles, sur l'ancien site "
                "de la SMN."
            ),
            **RADIO_FRANCE,
        },
    )
    return {"atelier": atelier, "wip": wip}
