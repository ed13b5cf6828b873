"""A department with more places than `MAP_PLACES_PER_ZONE`: the map's data is its zones, then
each zone's places (or its own zones), so that no answer grows with the places."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from places import map_zones
from tests import factories

pytestmark = pytest.mark.django_db

DATA_URL = reverse("map_data")


def collection(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def grid_places(rows, columns, *, department="14", south="49.0", west="-0.6", step="0.01"):
    """rows × columns places a step apart, with their names by position."""
    return [
        factories.place(
            name=f"Lieu {row}-{column}",
            department=factories.department(department),
            latitude=Decimal(south) + Decimal(step) * row,
            longitude=Decimal(west) + Decimal(step) * column,
        )
        for row in range(rows)
        for column in range(columns)
    ]


def walk(client, query, limit):
    """Every place reached from `query` through its zones: {name: times}, and the largest
    answer on the way (in features). Each zone holds as many places as it counted."""
    reached, largest = {}, 0
    pending = [(query, None)]
    while pending:
        asked, counted = pending.pop()
        body = collection(client.get(DATA_URL, asked))
        largest = max(largest, len(body["features"]))
        if body.get("zones"):
            total = sum(feature["properties"]["t"] for feature in body["features"])
            assert counted is None or total == counted, asked
            for feature in body["features"]:
                zone = {**query, "zone": feature["properties"]["z"]}
                pending.append((zone, feature["properties"]["t"]))
        else:
            assert counted is None or len(body["features"]) == counted, asked
            for feature in body["features"]:
                name = feature["properties"]["n"]
                reached[name] = reached.get(name, 0) + 1
    return reached, largest


def test_a_department_within_the_limit_comes_as_its_places(client, settings):
    settings.MAP_PLACES_PER_ZONE = 6
    grid_places(2, 3)
    body = collection(client.get(DATA_URL, {"departement": "14"}))
    assert "zones" not in body
    assert sorted(feature["properties"]["n"] for feature in body["features"]) == sorted(
        f"Lieu {row}-{column}" for row in range(2) for column in range(3)
    )


def test_above_the_limit_a_department_comes_as_zones_that_count_its_places(client, settings):
    settings.MAP_PLACES_PER_ZONE = 5
    grid_places(3, 4)
    factories.place(department=factories.department("14"))  # not on the map
    factories.draft_place(
        department=factories.department("14"), latitude=Decimal("49"), longitude=Decimal("-0.6")
    )
    body = collection(client.get(DATA_URL, {"departement": "14"}))
    assert body["zones"] is True
    features = body["features"]
    assert 1 < len(features) <= map_zones.CUTS**2
    # Only zones holding places, which together count the published places on the map.
    assert all(feature["properties"]["t"] > 0 for feature in features)
    assert sum(feature["properties"]["t"] for feature in features) == 12
    for feature in features:
        west, south, east, north = feature["properties"]["b"]
        longitude, latitude = feature["geometry"]["coordinates"]
        # The zone's marker is the mean of its places: inside its box.
        assert west <= longitude < east and south <= latitude < north
        assert feature["properties"]["z"] == ",".join(
            str(Decimal(str(side)).normalize()) for side in feature["properties"]["b"]
        )


def test_every_place_is_reached_exactly_once_through_the_zones(client, settings):
    settings.MAP_PLACES_PER_ZONE = 4
    places = grid_places(9, 7)
    reached, largest = walk(client, {"departement": "14"}, 4)
    assert reached == {place.name: 1 for place in places}
    # No answer holds more than the limit of places or the zones of one cut.
    assert largest <= max(4, map_zones.CUTS**2)


def test_places_on_the_edges_of_the_zones_are_in_one_zone_only(client, settings):
    settings.MAP_PLACES_PER_ZONE = 1
    # 0.4 apart: the inner edges of a cut in four fall exactly on the middle places.
    places = grid_places(5, 5, step="0.1")
    reached, _largest = walk(client, {"departement": "14"}, 1)
    assert reached == {place.name: 1 for place in places}


def test_places_at_one_spot_come_together_whatever_their_number(client, settings):
    settings.MAP_PLACES_PER_ZONE = 2
    for number in range(5):
        factories.place(
            name=f"Au même endroit {number}",
            department=factories.department("14"),
            latitude=Decimal("49.1857"),
            longitude=Decimal("-0.4466"),
        )
    body = collection(client.get(DATA_URL, {"departement": "14"}))
    # Nothing to cut: the places themselves, rather than zones asked for again and again.
    assert "zones" not in body
    assert len(body["features"]) == 5


def test_places_along_a_line_are_cut_along_it(client, settings):
    settings.MAP_PLACES_PER_ZONE = 3
    places = grid_places(1, 12)  # one latitude: cut by longitude only
    body = collection(client.get(DATA_URL, {"departement": "14"}))
    assert body["zones"] is True
    assert len(body["features"]) == map_zones.CUTS
    reached, _largest = walk(client, {"departement": "14"}, 3)
    assert reached == {place.name: 1 for place in places}


def test_zones_keep_the_list_filters(client, settings):
    settings.MAP_PLACES_PER_ZONE = 2
    coworking = factories.kind(name="Coworking test", slug="coworking-test")
    grid_places(3, 3)
    kept = [
        factories.place(
            name=f"Coworking {number}",
            department=factories.department("14"),
            kinds=[coworking],
            latitude=Decimal("49.0") + Decimal("0.01") * number,
            longitude=Decimal("-0.6"),
        )
        for number in range(4)
    ]
    query = {"departement": "14", "type": "coworking-test"}
    body = collection(client.get(DATA_URL, query))
    assert sum(feature["properties"]["t"] for feature in body["features"]) == 4
    reached, _largest = walk(client, query, 2)
    assert reached == {place.name: 1 for place in kept}


def test_a_zone_without_a_department_is_bounded_too(client, settings):
    settings.MAP_PLACES_AT_ONCE = 3
    settings.MAP_PLACES_PER_ZONE = 3
    grid_places(2, 2)
    grid_places(2, 2, department="75", south="48.85", west="2.3")
    # The whole country is refused above MAP_PLACES_AT_ONCE, a zone of it is cut.
    assert client.get(DATA_URL).status_code == 400
    body = collection(client.get(DATA_URL, {"zone": "-5,41,10,52"}))
    assert body["zones"] is True
    assert sum(feature["properties"]["t"] for feature in body["features"]) == 8


@pytest.mark.parametrize(
    "zone",
    [
        "abc",
        "1,2,3",
        "1,2,3,4,5",
        "a,b,c,d",
        "2,0,1,1",  # west after east
        "0,1,1,1",  # south not before north
        "-181,0,1,1",
        "0,-91,1,1",
        "0,0,1,91",
        "nan,0,1,1",
        "0,0,inf,1",
        "1e400,0,1,1",
    ],
)
def test_an_invalid_zone_is_a_french_400(client, zone):
    response = client.get(DATA_URL, {"departement": "14", "zone": zone})
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["erreur"] == "Les filtres contiennent une erreur."
    assert body["champs"]["zone"] == [
        "Indiquez la zone par quatre nombres « ouest,sud,est,nord » en degrés décimaux, "
        "l'ouest avant l'est et le sud avant le nord."
    ]


def test_an_edit_replaces_the_cached_zones(client, settings, django_capture_on_commit_callbacks):
    settings.MAP_PLACES_PER_ZONE = 2
    grid_places(2, 2)
    first = collection(client.get(DATA_URL, {"departement": "14"}))
    with django_capture_on_commit_callbacks(execute=True):
        factories.place(
            department=factories.department("14"),
            latitude=Decimal("49.005"),
            longitude=Decimal("-0.595"),
        )
    second = collection(client.get(DATA_URL, {"departement": "14"}))
    total = sum(feature["properties"]["t"] for feature in second["features"])
    assert (sum(feature["properties"]["t"] for feature in first["features"]), total) == (4, 5)


@pytest.mark.parametrize("rows", [3, 12])
def test_zones_query_count_does_not_grow_with_places(
    client, settings, django_assert_num_queries, rows
):
    settings.MAP_PLACES_PER_ZONE = 2
    grid_places(rows, 2)
    # Pinned: the department's value, how many of its places are on the map and their box,
    # then every zone's count and mean in one query.
    with django_assert_num_queries(3):
        body = collection(client.get(DATA_URL, {"departement": "14"}))
    assert body["zones"] is True
    zone = body["features"][0]["properties"]["z"]
    with django_assert_num_queries(3):
        client.get(DATA_URL, {"departement": "14", "zone": zone})


def test_the_map_page_has_no_zone_in_its_form(client):
    grid_places(1, 1)
    response = client.get(reverse("map"), {"zone": "-1,48,0,50", "departement": "14"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="zone"' not in page
    # The page's data keeps the filters a visitor chose, not a zone of the script's.
    assert 'data-geojson-url="/carte/lieux.geojson?departement=14"' in page
