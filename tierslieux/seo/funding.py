"""Programmes: their description, their JSON-LD `GovernmentService`, and the list's title."""

from content.dates import DatePrecision
from content.money import format_money
from content.seo import compact, count_sentence, with_page, with_page_sentence
from tierslieux.seo.places import cleaned

LIST_DESCRIPTION = "Les programmes publics qui financent les tiers-lieux, ligne par ligne."
FILTERS_IN_TITLE = ("financeur", "annee", "q")


def _announced(programme):
    when = programme.announced
    if not when:
        return ""
    return f"annoncé {'le' if when.precision == DatePrecision.DAY else 'en'} {when}"


def describe(programme):
    """Its summary, or « Programme de financement public des tiers-lieux, annoncé en août 2021 :
    130 M€ ; financeurs : France Relance, État. »"""
    if programme.summary.strip():
        return programme.summary.strip()
    text = "Programme de financement public des tiers-lieux"
    announced = _announced(programme)
    if announced:
        text += f", {announced}"
    if programme.total_amount is not None:
        text += f" : {format_money(programme.total_amount)}"
    funders = [funding.funder.name for funding in programme.fundings.all()]
    if funders:
        text += f" ; financeur{'s' if len(funders) > 1 else ''} : {', '.join(funders)}"
    return f"{text}."


def programme_json_ld(programme, url):
    """Reads the funders the page's query prefetched: no query of its own."""
    providers = [
        compact(
            {
                "@type": "GovernmentOrganization",
                "name": funding.funder.name,
                "url": funding.funder.website,
            }
        )
        for funding in programme.fundings.all()
    ]
    return {
        "@context": "https://schema.org",
        **compact(
            {
                "@type": "GovernmentService",
                "name": programme.name,
                "description": describe(programme),
                "url": url,
                "serviceType": "Financement public des tiers-lieux",
                "provider": providers,
                "areaServed": {"@type": "Country", "name": "France"},
            }
        ),
    }


def list_title(filterset, page_number=None):
    """« Financements », « Financements annoncés en 2021 — financeur : France Relance »."""
    data = cleaned(filterset)
    parts = [f"Financements annoncés en {data['annee']}" if data.get("annee") else "Financements"]
    if data.get("financeur"):
        parts.append(f"financeur : {data['financeur'].name}")
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
            none="aucun programme de financement public pour l'instant",
            one="programme de financement public, avec ses financeurs et ses lignes budgétaires",
            many="programmes de financement public, avec leurs financeurs et leurs lignes",
        )
    return with_page_sentence(text, page_number)
