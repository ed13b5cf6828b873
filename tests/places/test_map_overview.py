"""The map above `MAP_PLACES_AT_ONCE` places: one point per department first, then the places
of the departments the view reaches (the map's usual data, filtered by department)."""

import gzip
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests import factories

pytestmark = pytest.mark.django_db

MAP_URL = reverse("map")
DATA_URL = reverse("map_data")
OVERVIEW_URL = reverse("map_overview")


@pytest.fixture
def places():
    coworking = factories.kind(name="Coworking test", slug="coworking-test", order=1)
    calvados, paris = factories.department("14"), factories.department("75")
    return [
        factories.place(
            name="L'atelier normand",
            department=calvados,
            latitude=Decimal("49.1857"),
            longitude=Decimal("-0.4466"),
        ),
        factories.place(
            name="Le WIP",
            department=calvados,
            kinds=[coworking],
            latitude=Decimal("49.2009"),
            longitude=Decimal("-0.2978"),
        ),
        factories.place(
            name="Anticafé",
            department=paris,
            kinds=[coworking],
            latitude=Decimal("48.8566"),
            longitude=Decimal("2.3522"),
        ),
        factories.place(name="Lieu sans coordonnées", department=paris),
        factories.draft_place(
            name="Projet secret",
            department=paris,
            latitude=Decimal("48.8"),
            longitude=Decimal("2.3"),
        ),
    ]


def departments(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return {
        feature["properties"]["d"]: feature for feature in json.loads(response.content)["features"]
    }


def test_one_point_per_department_with_its_published_places_on_the_map(client, places):
    factories.place(
        name="Lieu fermé",
        department=factories.department("14"),
        latitude=Decimal("49.1"),
        longitude=Decimal("-0.3"),
        lifecycle="closed",
        closed_on="2023-03-01",
        closure_reason="Fin du bail",
    )
    by_code = departments(client.get(OVERVIEW_URL))
    assert set(by_code) == {"14", "75"}
    # At the mean of its places, with the box [west, south, east, north] of its territory
    # (data/department_boxes.csv); the draft, the closed place and the place without
    # coordinates are not counted.
    assert by_code["14"] == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-0.3722, 49.1933]},
        "properties": {
            "d": "14",
            "n": "Calvados (14)",
            "t": 2,
            "b": [-1.36, 48.53, 0.67, 49.67],
        },
    }
    assert by_code["75"]["properties"]["t"] == 1
    assert by_code["75"]["properties"]["n"] == "Paris (75)"


def test_filtered_the_box_is_that_of_the_places(client, places):
    by_code = departments(client.get(OVERVIEW_URL, {"coordonnees": "avec"}))
    assert by_code["14"]["properties"]["b"] == [-0.4466, 49.1857, -0.2978, 49.2009]
    # Counted from the places themselves, the same counts and points as from the tally.
    tallied = departments(client.get(OVERVIEW_URL))
    for code, feature in by_code.items():
        assert feature["properties"]["t"] == tallied[code]["properties"]["t"]
        assert feature["geometry"] == tallied[code]["geometry"]


def test_the_overview_applies_the_list_filters(client, places):
    by_code = departments(client.get(OVERVIEW_URL, {"type": "coworking-test"}))
    assert {code: feature["properties"]["t"] for code, feature in by_code.items()} == {
        "14": 1,
        "75": 1,
    }
    assert set(departments(client.get(OVERVIEW_URL, {"q": "anticafe"}))) == {"75"}
    assert departments(client.get(OVERVIEW_URL, {"coordonnees": "sans"})) == {}


def test_a_department_of_the_overview_loads_through_the_usual_data(client, places):
    names = {
        feature["properties"]["n"]
        for feature in json.loads(client.get(DATA_URL, {"departement": "14"}).content)["features"]
    }
    assert names == {"L'atelier normand", "Le WIP"}


def test_the_overview_with_an_invalid_filter_is_a_french_400(client, places):
    response = client.get(OVERVIEW_URL, {"departement": "zz"})
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["erreur"] == "Les filtres contiennent une erreur."
    assert set(body["champs"]) == {"departement"}


def test_the_overview_is_cacheable_and_compressed(client, places):
    plain = client.get(OVERVIEW_URL)
    assert plain["Cache-Control"] == "public, max-age=300"
    assert client.get(OVERVIEW_URL, headers={"if-none-match": plain["ETag"]}).status_code == 304
    compressed = client.get(OVERVIEW_URL, headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] != plain["ETag"]


def test_an_edit_invalidates_the_cached_overview(
    client, places, django_capture_on_commit_callbacks
):
    assert departments(client.get(OVERVIEW_URL))["14"]["properties"]["t"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        places[1].department = factories.department("75")
        places[1].save()
    counts = {
        code: feature["properties"]["t"]
        for code, feature in departments(client.get(OVERVIEW_URL)).items()
    }
    assert counts == {"14": 1, "75": 2}


@pytest.mark.parametrize("rows", [1, 12])
def test_overview_query_count_does_not_grow_with_places(client, django_assert_num_queries, rows):
    spots = [("14", "49.1", "-0.4"), ("61", "48.6", "0.1"), ("75", "48.85", "2.35")]
    for number in range(rows):
        code, latitude, longitude = spots[number % 3]
        factories.place(
            department=factories.department(code),
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
    # Pinned: the departments with their counts, means and boxes; a filter adds the query that
    # checks its value.
    with django_assert_num_queries(1):
        response = client.get(OVERVIEW_URL)
    assert sum(feature["properties"]["t"] for feature in departments(response).values()) == rows
    with django_assert_num_queries(2):
        client.get(OVERVIEW_URL, {"departement": "14"})


def test_a_cached_overview_costs_no_query(client, places, assert_queries_with_cache):
    client.get(OVERVIEW_URL)
    with assert_queries_with_cache(0):
        assert set(departments(client.get(OVERVIEW_URL))) == {"14", "75"}


def test_the_map_page_starts_from_departments_only_above_the_limit(client, places, settings):
    settings.MAP_PLACES_AT_ONCE = 3
    response = client.get(MAP_URL)
    assertNotContains(response, "data-overview-url")
    assertContains(response, 'data-geojson-url="/carte/lieux.geojson"')
    settings.MAP_PLACES_AT_ONCE = 2
    cache.clear()
    response = client.get(MAP_URL, {"type": "coworking-test", "tri": "nom"})
    assertNotContains(response, "data-overview-url")
    response = client.get(MAP_URL)
    assertContains(response, 'data-overview-url="/carte/departements.geojson"')
    # The filters go to the overview as to the places.
    settings.MAP_PLACES_AT_ONCE = 1
    cache.clear()
    response = client.get(MAP_URL, {"type": "coworking-test", "tri": "nom"})
    assertContains(response, 'data-overview-url="/carte/departements.geojson?type=coworking-test"')


def test_above_the_limit_the_places_come_one_department_at_a_time(client, places, settings):
    settings.MAP_PLACES_AT_ONCE = 2
    # Three places on the map: the whole country is refused, with where to look instead.
    response = client.get(DATA_URL)
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["erreur"].startswith("Plus de 2 lieux correspondent à ces filtres")
    assert body["departements"] == OVERVIEW_URL
    assert body["donnees_ouvertes"] == reverse("open_data")
    # The same with filters that keep more than the limit, which go to the overview's address.
    response = client.get(DATA_URL, {"coordonnees": "avec", "tri": "nom"})
    assert response.status_code == 400
    assert json.loads(response.content)["departements"] == f"{OVERVIEW_URL}?coordonnees=avec"
    # Filters that keep few enough places, or one department, whatever its size.
    assert len(place_features(client.get(DATA_URL, {"type": "coworking-test"}))) == 2
    assert len(place_features(client.get(DATA_URL, {"departement": "14"}))) == 2
    settings.MAP_PLACES_AT_ONCE = 1
    assert len(place_features(client.get(DATA_URL, {"departement": "14"}))) == 2


def test_the_refusal_follows_the_places_as_they_change(
    client, places, settings, django_capture_on_commit_callbacks
):
    settings.MAP_PLACES_AT_ONCE = 3
    assert len(place_features(client.get(DATA_URL))) == 3
    with django_capture_on_commit_callbacks(execute=True):
        factories.place(
            name="Un de plus",
            department=places[0].department,
            latitude=Decimal("49.1"),
            longitude=Decimal("-0.3"),
        )
    assert client.get(DATA_URL).status_code == 400
    # Places without coordinates do not count: they are not on the map.
    settings.MAP_PLACES_AT_ONCE = 4
    with django_capture_on_commit_callbacks(execute=True):
        factories.place(name="Sans coordonnées", department=places[0].department)
    assert client.get(DATA_URL).status_code == 200


def place_features(response):
    assert response.status_code == 200
    return json.loads(response.content)["features"]
