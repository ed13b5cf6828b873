"""Visits: their description, their JSON-LD `Event`, and the list's title."""

from content.seo import compact, count_sentence, join_french, with_page, with_page_sentence
from tierslieux.seo.french import at_commune, in_department, in_region
from tierslieux.seo.places import cleaned, place_node

LIST_DESCRIPTION = (
    "Les visites officielles dans les tiers-lieux : qui est venu, où, et ce qui a été annoncé."
)
FILTERS_IN_TITLE = ("annee", "region", "departement", "fonction", "q")


def places_visited(visit):
    """The published places of the itinerary, in its order, each once: a draft place is never
    named, not even in a description or JSON-LD."""
    places = {}
    for stop in visit.stops.all():
        if stop.place is not None and stop.place.is_published():
            places.setdefault(stop.place.pk, stop.place)
    return list(places.values())


def describe(visit):
    """Its summary, or « Visite officielle (août 2021) : L'atelier normand à Carpiquet et Le
    WIP à Colombelles. »"""
    if visit.summary.strip():
        return visit.summary.strip()
    places = [
        f"{place.name} {at_commune(place.commune_name)}" if place.commune_name else place.name
        for place in places_visited(visit)
    ]
    text = f"Visite officielle ({visit.when})"
    return f"{text} : {join_french(places)}." if places else f"{text}."


def visit_json_ld(visit, absolute_url, image=""):
    """An `Event` dated as precisely as it is known: « 2021-08 » for a visit known to the month,
    never an invented day."""
    locations = [
        place_node(place, absolute_url(place.get_absolute_url())) for place in places_visited(visit)
    ]
    return {
        "@context": "https://schema.org",
        **compact(
            {
                "@type": "Event",
                "name": visit.title,
                "description": describe(visit),
                "url": absolute_url(visit.get_absolute_url()),
                "startDate": visit.when.iso,
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "eventStatus": "https://schema.org/EventScheduled",
                "location": locations[0] if len(locations) == 1 else locations,
                "image": image,
            }
        ),
    }


def list_title(filterset, page_number=None):
    """« Visites officielles », « Visites officielles en 2021 dans le Calvados »."""
    data = cleaned(filterset)
    title = "Visites officielles"
    if data.get("annee"):
        title += f" en {data['annee']}"
    if data.get("departement"):
        title += f" {in_department(data['departement'])}"
    elif data.get("region"):
        title += f" {in_region(data['region'])}"
    parts = [title]
    if data.get("fonction"):
        parts.append(f"fonction : {data['fonction']}")
    if data.get("q"):
        parts.append(f"recherche « {data['q']} »")
    return with_page(" — ".join(parts), page_number)


def list_description(filterset, count, page_number=None):
    data = cleaned(filterset)
    if not any(data.get(name) for name in FILTERS_IN_TITLE):
        text = LIST_DESCRIPTION
    else:
        text = count_sentence(
            list_title(filterset),
            count,
            none="aucune visite officielle pour l'instant",
            one="visite officielle, avec ses participants, son itinéraire et ses annonces",
            many="visites officielles, avec leurs participants, leur itinéraire et leurs annonces",
        )
    return with_page_sentence(text, page_number)
