"""The places list's search, as a visitor sees it: ranked, with prefixes, typos, elisions, hyphens
and accents, over the name, the commune, the department, the kinds, the services and the summary.

The same tests run on SQLite (FTS5) and on PostgreSQL (tsvector, pg_trgm): CI runs both.
"""

import re

import pytest
from django.urls import reverse

from places.models import PlaceKind, Service
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = reverse("places:list")


@pytest.fixture(autouse=True)
def _uncached(settings):
    # The same address is asked for more than once: each answer must be computed.
    settings.PAGECACHE_ENABLED = False


def names(response):
    assert response.status_code == 200
    return [place.name for place in response.context_data["places"]]


def search(client, query, **params):
    return names(client.get(LIST_URL, {"q": query, **params}))


@pytest.fixture
def kinds():
    return {
        "atelier": PlaceKind.objects.get_or_create(
            slug="atelier-partage", defaults={"name": "Atelier partagé"}
        )[0],
        "fablab": PlaceKind.objects.get_or_create(slug="fablab", defaults={"name": "Fablab"})[0],
        "coworking": PlaceKind.objects.get_or_create(
            slug="coworking", defaults={"name": "Coworking"}
        )[0],
    }


@pytest.fixture
def places(kinds):
    calvados, ille = factories.department("14"), factories.department("35")
    made = {}

    def place(key, name, *, commune, department=calvados, kind=None, **fields):
        made[key] = factories.place(
            name=name,
            commune_name=commune,
            department=department,
            kinds=[kinds[kind]] if kind else [],
            **fields,
        )

    place("atelier", "L'atelier normand", commune="Carpiquet", kind="atelier")
    place("bocage", "Atelier du Bocage", commune="Vire", kind="atelier")
    place("ateliers", "Les Ateliers de la Gare", commune="Lisieux", kind="atelier")
    place("forge", "La Forge", commune="Bayeux", summary="Un atelier de ferronnerie ouvert.")
    place("wip", "Le WIP", commune="Colombelles", kind="coworking")
    place("labfab", "Le Labfab", commune="Rennes", department=ille, kind="fablab")
    place("bretagne", "Bretagne Makers", commune="Rennes", department=ille, kind="fablab")
    place("rennes_cowork", "Cowork Rennes", commune="Rennes", department=ille, kind="coworking")
    place("caen_fablab", "Fablab de Caen", commune="Caen", kind="fablab")
    place("herouville", "Espace d’Hérouville", commune="Hérouville-Saint-Clair", kind="coworking")
    for number in range(8):
        place(
            f"filler{number}",
            f"Aaa tiers-lieu {number}",
            commune="Caen",
            summary="Bureaux, café, atelier de réparation et potager.",
        )
    return made


def test_an_elided_query_puts_the_place_named_so_first(client, places):
    found = search(client, "l'atelier")
    assert found[0] == "L'atelier normand"
    # Then the names that start with the word, before the places that only mention it.
    assert set(found[1:3]) == {"Atelier du Bocage", "Les Ateliers de la Gare"}
    assert found.index("La Forge") > 2
    # Name order would have put the eight fillers first.
    assert len(found) == 12


def test_a_name_that_starts_with_the_query_comes_first(client, places):
    found = search(client, "atelier")
    assert found[0] == "Atelier du Bocage"
    assert found[1] == "L'atelier normand"


def test_the_exact_name_comes_first(client, places):
    assert search(client, "Le WIP")[0] == "Le WIP"
    # « normand » is also a prefix of Normandie, where all but the Rennes places are.
    assert search(client, "l’atelier NORMAND")[0] == "L'atelier normand"


def test_kinds_and_communes_are_searched_together(client, places):
    assert set(search(client, "fablab rennes")) == {"Le Labfab", "Bretagne Makers"}
    assert search(client, "coworking colombelles") == ["Le WIP"]


def test_the_department_and_the_region_are_searched(client, places):
    assert set(search(client, "fablab ille-et-vilaine")) == {"Le Labfab", "Bretagne Makers"}
    assert set(search(client, "Bretagne")) == {"Le Labfab", "Bretagne Makers", "Cowork Rennes"}
    # The name weighs more than the region.
    assert search(client, "Bretagne")[0] == "Bretagne Makers"
    assert "Le WIP" in search(client, "calvados coworking")


def test_services_are_searched(client, places):
    places["forge"].services.add(Service.objects.create(name="Découpe laser", slug="laser"))
    assert search(client, "laser") == ["La Forge"]
    assert search(client, "decoupe") == ["La Forge"]


@pytest.mark.parametrize("query", ["colombelle", "colombel", "COLOMBÈLLES", "wi"])
def test_words_match_as_prefixes(client, places, query):
    assert search(client, query) == ["Le WIP"]


def test_a_prefix_of_the_commune_finds_its_places(client, places):
    assert search(client, "carpi") == ["L'atelier normand"]


@pytest.mark.parametrize(
    "query", ["herouville", "d'Hérouville", "d’herouville", "hérouville-saint-clair", "HEROUV"]
)
def test_elisions_hyphens_accents_and_case_are_left_out(client, places, query):
    assert search(client, query) == ["Espace d’Hérouville"]


@pytest.mark.parametrize(("query", "expected"), [("fabalb", "fablab"), ("cowroking", "coworking")])
def test_a_misspelt_word_finds_what_it_meant(client, places, query, expected):
    found = set(search(client, query))
    meant = set(search(client, expected))
    assert meant and found == meant


def test_a_typo_beside_a_right_word_keeps_the_right_word_strict(client, places):
    assert set(search(client, "fabalb rennes")) == {"Le Labfab", "Bretagne Makers"}


def test_words_found_in_different_places_find_nothing(client, places):
    # Both words exist, in different places: no typo to correct, no place has both.
    assert search(client, "atelier rennes") == []
    assert search(client, "zzzzzz") == []


def test_drafts_stay_out_of_the_search(client, places):
    factories.draft_place(name="Fablab secret", commune_name="Rennes")
    assert "Fablab secret" not in search(client, "fablab")
    assert search(client, "secret") == []


def test_relevance_is_the_default_order_with_a_query_and_other_sorts_stay_possible(client, places):
    assert search(client, "atelier", tri="nom")[:2] == ["Aaa tiers-lieu 0", "Aaa tiers-lieu 1"]
    assert search(client, "atelier", tri="pertinence")[0] == "Atelier du Bocage"
    assert search(client, "atelier", tri="")[0] == "Atelier du Bocage"


def sort_options(response):
    select = re.search(r'<select name="tri".*?</select>', response.content.decode(), re.S)
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(0))


def test_the_sort_select_offers_relevance_first_when_searching(client, places):
    options = sort_options(client.get(LIST_URL, {"q": "atelier"}))
    assert options[0] == ("", " selected", "pertinence")
    assert [value for value, _selected, _label in options] == ["", "nom", "ouverture", "recent"]
    chosen = sort_options(client.get(LIST_URL, {"q": "atelier", "tri": "nom"}))
    assert ("nom", " selected", "nom (A → Z)") in chosen


def test_without_a_query_the_first_sort_is_by_name(client, places):
    options = sort_options(client.get(LIST_URL))
    assert options[0] == ("", " selected", "nom (A → Z)")
    assert [value for value, _selected, _label in options] == ["", "ouverture", "recent"]
    # A visitor who types a query without touching the select gets relevance.
    assert search(client, "atelier", tri="")[0] == "Atelier du Bocage"


def test_the_result_count_and_pages_follow_the_search(client, places):
    response = client.get(LIST_URL, {"q": "atelier"})
    assert "12 lieux" in response.content.decode()
    assert client.get(LIST_URL, {"q": "atelier", "page": 2}).status_code == 404


def test_the_api_searches_the_same_way(client, places):
    response = client.get("/api/v1/lieux/", {"q": "fablab rennes"})
    assert response.status_code == 200
    assert {row["nom"] for row in response.json()["resultats"]} == {"Le Labfab", "Bretagne Makers"}
    ranked = client.get("/api/v1/lieux/", {"q": "l'atelier"}).json()["resultats"]
    assert ranked[0]["nom"] == "L'atelier normand"


def test_the_map_and_the_downloads_take_the_search(client, places):
    body = client.get(reverse("places:download_csv"), {"q": "fablab rennes"})
    text = b"".join(body.streaming_content).decode() if body.streaming else body.content.decode()
    assert "Le Labfab" in text and "Fablab de Caen" not in text
