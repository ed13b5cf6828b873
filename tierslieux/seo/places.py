"""Places: the sentence that describes one, its JSON-LD `Place`, and the list's title."""

from content.seo import (
    compact,
    count_sentence,
    join_french,
    lower_first,
    upper_first,
    with_page,
    with_page_sentence,
)
from tierslieux.seo.french import at_commune, in_department, in_region

# Titles name what a list shows: « Fablabs en Normandie ». A kind added later without a plural
# here reads « Lieux de type … ».
KIND_PLURALS = {
    "coworking": "Coworkings",
    "atelier-partage": "Ateliers partagés et manufactures de proximité",
    "fablab": "Fablabs",
}
LIST_DESCRIPTION = (
    "Annuaire des tiers-lieux de France : coworkings, ateliers partagés, fablabs, par région et "
    "département."
)
FILTERS_IN_TITLE = ("type", "region", "departement", "commune", "service", "q")


def whereabouts(place):
    """`à Carpiquet (Calvados)`, or `dans le Calvados` when the commune is not known."""
    if place.commune_name:
        return f"{at_commune(place.commune_name)} ({place.department.name})"
    return in_department(place.department)


def describe(place):
    """Its summary, or what it is and where: « Coworking et fablab à Carpiquet (Calvados) ».
    Never its bare name, which says nothing the title does not."""
    if place.summary.strip():
        return place.summary.strip()
    kinds = place.kind_names
    what = join_french([kinds[0], *map(lower_first, kinds[1:])]) if kinds else "Tiers-lieu"
    return f"{upper_first(what)} {whereabouts(place)}"


def postal_address(place, region=""):
    return compact(
        {
            "@type": "PostalAddress",
            "streetAddress": place.street_address,
            "postalCode": place.postcode,
            "addressLocality": place.commune_name,
            "addressRegion": region,
            "addressCountry": "FR",
        }
    )


def place_node(place, url, *, description="", region="", image=""):
    """A schema.org `Place`: a place page's subject, or where a visit went."""
    node = {
        "@type": "Place",
        "name": place.name,
        "description": description,
        "url": url,
        "address": postal_address(place, region),
        "image": image,
        "sameAs": place.website,
    }
    if place.has_coordinates:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return compact(node)


def place_json_ld(place, url, image=""):
    """The place page's JSON-LD; reads only what the page's query loaded (department, region)."""
    node = place_node(
        place,
        url,
        description=describe(place),
        region=place.department.region.name,
        image=image,
    )
    return {"@context": "https://schema.org", **node}


def cleaned(filterset):
    """What the list's filters understood (model rows, not raw text); nothing when unfiltered
    or when a value was refused."""
    return getattr(filterset.form, "cleaned_data", None) or {}


def _kind_plural(kind):
    return KIND_PLURALS.get(kind.slug) or f"Lieux de type « {kind.name} »"


def _filter_whereabouts(data):
    """The narrowest territory chosen: commune, then department, then region."""
    match = data.get("commune")
    if match and match.communes:
        names = dict.fromkeys(commune.name for commune in match.communes)
        return join_french([at_commune(name) for name in names], "ou")
    if data.get("departement"):
        return in_department(data["departement"])
    if data.get("region"):
        return in_region(data["region"])
    return ""


def list_title(filterset, page_number=None):
    """« Lieux », « Fablabs en Normandie — page 2 », « Lieux à Caen — recherche « wip » »."""
    data = cleaned(filterset)
    title = _kind_plural(data["type"]) if data.get("type") else "Lieux"
    where = _filter_whereabouts(data)
    parts = [f"{title} {where}" if where else title]
    if data.get("service"):
        parts.append(f"service : {lower_first(data['service'].name)}")
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
            none="aucun lieu recensé pour l'instant",
            one="lieu recensé, avec son adresse, ses services et ses sources",
            many="lieux recensés, avec leur adresse, leurs services et leurs sources",
        )
    return with_page_sentence(text, page_number)
