import datetime
import gzip
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from content.models import Status
from tests import factories

pytestmark = pytest.mark.django_db

MAP_URL = reverse("map")
DATA_URL = reverse("map_data")
CARPIQUET = {"latitude": Decimal("49.1857000"), "longitude": Decimal("-0.4466000")}
COLOMBELLES = {"latitude": Decimal("49.2009123"), "longitude": Decimal("-0.2978456")}
PARIS = {"latitude": Decimal("48.8566000"), "longitude": Decimal("2.3522000")}


@pytest.fixture
def places():
    workshop = factories.kind(name="Atelier partagé test", slug="atelier-test", order=1)
    coworking = factories.kind(name="Coworking test", slug="coworking-test", order=2)
    atelier = factories.place(
        name="L'atelier normand",
        slug="l-atelier-normand",
        commune_name="Carpiquet",
        kinds=[coworking, workshop],
        **CARPIQUET,
    )
    wip = factories.place(
        name="Le WIP", slug="le-wip", commune_name="Colombelles", kinds=[coworking], **COLOMBELLES
    )
    paris = factories.place(
        name="Anticafé", commune_name="Paris", department=factories.department("75"), **PARIS
    )
    nowhere = factories.place(name="Lieu sans adresse précise", kinds=[coworking])
    return {"atelier": atelier, "wip": wip, "paris": paris, "nowhere": nowhere}


def text(response):
    """The page with its white space collapsed, as it reads."""
    return " ".join(response.content.decode().split())


def features(response):
    return {
        feature["properties"]["n"]: feature for feature in json.loads(response.content)["features"]
    }


# The page and its text alternative


def test_map_page_counts_the_places_on_the_map_and_those_without_coordinates(client, places):
    factories.draft_place(name="Projet secret", **CARPIQUET)
    response = client.get(MAP_URL)
    assert response.status_code == 200
    assertContains(response, "3 lieux sur la carte")
    assert "1 lieu de ces résultats n&#x27;a pas de coordonnées" in text(response)
    assertContains(
        response, '<a href="/lieux/?coordonnees=sans">le voir dans la liste</a>', html=True
    )
    assertContains(response, '<a href="/lieux/">Voir la liste de ces lieux</a>', html=True)


def test_without_javascript_the_page_is_a_summary_and_a_table_by_region(client, places):
    response = client.get(MAP_URL)
    page = response.content.decode()
    # The map's room is kept for the script (nothing moves when it draws); it says where the
    # places are without it; named, and described by the summary.
    assert 'data-map="places"' in page
    assertContains(response, 'aria-label="Carte des lieux"')
    assertContains(response, 'aria-describedby="carte-resume"')
    assert page.index('id="carte-resume"') < page.index('data-map="places"')
    assertContains(response, "La carte interactive a besoin de JavaScript.")
    assertContains(response, "<caption>Lieux sur la carte, par région</caption>", html=True)
    assertContains(
        response,
        '<th scope="row"><a href="/lieux/?region=28&amp;coordonnees=avec">Normandie</a></th>',
        html=True,
    )
    assertContains(response, '<td class="num">2</td>', html=True)
    assertContains(
        response,
        '<th scope="row"><a href="/lieux/?region=11&amp;coordonnees=avec">Île-de-France</a></th>',
        html=True,
    )
    # No inline script or style: everything comes from static files.
    assert "<script>" not in page
    assert " style=" not in page
    assert '<script defer src="/static/js/map.js"></script>' in page


def test_map_page_uses_the_static_vendored_leaflet_and_the_tile_settings(client, places, settings):
    settings.MAP_TILES_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = '© <a href="https://example.org/">Exemple</a>'
    response = client.get(MAP_URL)
    assertContains(response, 'href="/static/vendor/leaflet/leaflet.css"')
    assertContains(response, 'src="/static/vendor/leaflet/leaflet.js"')
    assertContains(response, 'data-worker-url="/static/js/map-worker.js"')
    assertContains(
        response, 'data-supercluster-url="/static/vendor/supercluster/supercluster.min.js"'
    )
    assertContains(response, 'data-tiles-url="https://tuiles.example.org/{z}/{x}/{y}.png"')
    assertContains(
        response,
        'data-tiles-attribution="© &lt;a href=&quot;https://example.org/&quot;&gt;Exemple&lt;/a&gt;"',
    )
    assertContains(response, 'data-icon-url="/static/vendor/leaflet/images/marker-icon.png"')


def test_default_tiles_are_openstreetmap_with_its_attribution(client, places):
    response = client.get(MAP_URL)
    assertContains(response, 'data-tiles-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"')
    assertContains(response, "https://www.openstreetmap.org/copyright")
    assertContains(response, "les contributeurs d")


def test_filters_are_carried_to_the_data_the_list_and_the_places_without_coordinates(
    client, places
):
    response = client.get(MAP_URL, {"type": "coworking-test", "tri": "nom", "page": "2", "q": ""})
    assert response.status_code == 200
    assertContains(response, "2 lieux sur la carte")
    assertContains(response, 'data-geojson-url="/carte/lieux.geojson?type=coworking-test"')
    assertContains(response, '<a href="/lieux/?type=coworking-test">', html=False)
    assertContains(response, 'href="/lieux/?type=coworking-test&amp;coordonnees=sans"')
    # The filter form shows the filter in use, and the map has no sort order to offer.
    assertContains(response, '<option value="coworking-test" selected>')
    assertNotContains(response, 'name="tri"')


def test_a_filter_without_any_result_says_so_and_draws_no_map(client, places):
    response = client.get(MAP_URL, {"q": "introuvable"})
    assert response.status_code == 200
    assertContains(response, "Aucun lieu ne correspond à ces critères.")
    assertNotContains(response, 'data-map="places"')


def test_places_without_coordinates_only_are_counted_but_not_mapped(client, places):
    response = client.get(MAP_URL, {"coordonnees": "sans"})
    assertContains(response, "Aucun de ces lieux n'a de coordonnées")
    assertNotContains(response, 'data-map="places"')


def test_an_invalid_filter_is_a_french_400_not_a_500(client, places):
    response = client.get(MAP_URL, {"departement": "zz"})
    assert response.status_code == 400
    assertContains(response, "Les filtres contiennent une erreur", status_code=400)
    assertContains(response, "Sélectionnez un choix valide", status_code=400)
    assertNotContains(response, 'data-map="places"', status_code=400)


def test_the_list_links_to_the_map_of_its_results(client, places):
    response = client.get(reverse("places:list"), {"departement": "14", "tri": "nom", "page": 1})
    assertContains(
        response,
        '<a href="/carte/?departement=14">Voir ces lieux sur la carte</a>',
        html=True,
    )
    response = client.get(reverse("places:list"))
    assertContains(response, '<a href="/carte/">Voir ces lieux sur la carte</a>', html=True)


def test_the_list_filters_places_with_or_without_coordinates(client, places):
    without = client.get(reverse("places:list"), {"coordonnees": "sans"})
    assert [place.name for place in without.context_data["places"]] == ["Lieu sans adresse précise"]
    with_them = client.get(reverse("places:list"), {"coordonnees": "avec"})
    assert len(with_them.context_data["places"]) == 3


# The GeoJSON


def test_geojson_is_a_compact_feature_collection_of_published_places(client, places):
    factories.draft_place(name="Projet secret", **CARPIQUET)
    factories.place(
        name="Lieu programmé",
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=2),
        **COLOMBELLES,
    )
    response = client.get(DATA_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    by_name = features(response)
    assert set(by_name) == {"L'atelier normand", "Le WIP", "Anticafé"}
    assert by_name["Le WIP"] == {
        "type": "Feature",
        # Longitude first, rounded to about a metre.
        "geometry": {"type": "Point", "coordinates": [-0.29785, 49.20091]},
        "properties": {
            "n": "Le WIP",
            "k": ["Coworking test"],
            "c": "Colombelles",
            "u": "/lieux/le-wip/",
        },
    }
    # Kinds in their order; a place without a kind has an empty list.
    assert by_name["L'atelier normand"]["properties"]["k"] == [
        "Atelier partagé test",
        "Coworking test",
    ]
    assert by_name["Anticafé"]["properties"]["k"] == []
    # Compact: no spaces between tokens, UTF-8 rather than \u escapes.
    assert b'","' in response.content
    assert b", " not in response.content.replace(b"Atelier partag\xc3\xa9 test", b"")
    assert "Anticafé".encode() in response.content


def test_geojson_applies_the_list_filters(client, places):
    assert set(features(client.get(DATA_URL, {"departement": "75"}))) == {"Anticafé"}
    assert set(features(client.get(DATA_URL, {"type": "atelier-test"}))) == {"L'atelier normand"}
    assert set(features(client.get(DATA_URL, {"q": "colombelles"}))) == {"Le WIP"}
    assert set(features(client.get(DATA_URL, {"coordonnees": "sans"}))) == set()


def test_geojson_with_an_invalid_filter_is_a_french_400(client, places):
    response = client.get(DATA_URL, {"departement": "zz", "type": "nulle-part"})
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["erreur"] == "Les filtres contiennent une erreur."
    assert set(body["champs"]) == {"departement", "type"}
    assert body["champs"]["departement"][0].startswith("Sélectionnez un choix valide")


def test_geojson_names_are_data_never_markup(client):
    factories.place(name='<img src=x onerror="alert(1)">', **CARPIQUET)
    response = client.get(DATA_URL)
    # JSON keeps the text as it is: the script puts it in the page with textContent only.
    assert features(response)['<img src=x onerror="alert(1)">']


def test_geojson_is_cacheable_with_an_etag(client, places):
    response = client.get(DATA_URL)
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(DATA_URL, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=300"


def test_geojson_is_sent_compressed_to_those_who_accept_it(client, places):
    plain = client.get(DATA_URL)
    compressed = client.get(DATA_URL, headers={"accept-encoding": "gzip, deflate, br"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content)
    assert "Content-Encoding" not in plain
    # One ETag per representation, and caches told that the encoding matters.
    assert compressed["ETag"] != plain["ETag"]
    assert compressed["Vary"] == plain["Vary"]
    assert "Accept-Encoding" in plain["Vary"]
    again = client.get(
        DATA_URL, headers={"accept-encoding": "gzip", "if-none-match": compressed["ETag"]}
    )
    assert again.status_code == 304


def test_an_edit_invalidates_the_cached_map(client, places, django_capture_on_commit_callbacks):
    before = client.get(DATA_URL)
    assert "Le WIP" in features(before)
    with django_capture_on_commit_callbacks(execute=True):
        places["wip"].name = "Le WIP de Colombelles"
        places["wip"].save()
    after = client.get(DATA_URL)
    assert "Le WIP de Colombelles" in features(after)
    assert after["ETag"] != before["ETag"]
    assert client.get(DATA_URL, headers={"if-none-match": before["ETag"]}).status_code == 200


def test_kinds_and_deletions_invalidate_the_cached_map(
    client, places, django_capture_on_commit_callbacks
):
    client.get(DATA_URL)
    with django_capture_on_commit_callbacks(execute=True):
        places["paris"].kinds.add(factories.kind(name="Fablab test"))
    assert features(client.get(DATA_URL))["Anticafé"]["properties"]["k"] == ["Fablab test"]
    with django_capture_on_commit_callbacks(execute=True):
        places["paris"].delete()
    assert "Anticafé" not in features(client.get(DATA_URL))


def test_a_scheduled_place_shows_on_the_map_when_its_time_comes(client, places):
    now = timezone.now()
    factories.place(
        name="Lieu programmé",
        status=Status.PUBLISHED,
        published_at=now + datetime.timedelta(seconds=90),
        department=factories.department("75"),
        **PARIS,
    )
    assert "Lieu programmé" not in features(client.get(DATA_URL))
    # The cached map is kept until then, not a second longer.
    later = now + datetime.timedelta(seconds=91)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Lieu programmé" in features(client.get(DATA_URL))


def test_the_cache_is_keyed_by_the_filters_only(client, places, assert_queries_with_cache):
    client.get(DATA_URL, {"departement": "14"})
    # Same filters in another order, with the sort order and a page: the cached bytes, built
    # for another address (only the map's data is shared, not the whole answer).
    with assert_queries_with_cache(0):
        response = client.get(DATA_URL, {"tri": "nom", "page": "3", "q": "", "departement": "14"})
    assert set(features(response)) == {"L'atelier normand", "Le WIP"}


# Queries


@pytest.mark.parametrize("rows", [1, 12])
def test_geojson_query_count_does_not_grow_with_places(client, django_assert_num_queries, rows):
    kinds = [factories.kind(), factories.kind()]
    for _number in range(rows):
        factories.place(kinds=kinds, **CARPIQUET)
    # Pinned to prevent N+1 queries, uncached: how many places are on the map (from the
    # tally), then the places with the names of their kinds.
    with django_assert_num_queries(2):
        response = client.get(DATA_URL)
    features = json.loads(response.content)["features"]
    assert len(features) == rows
    assert all(feature["properties"]["k"] == [kind.name for kind in kinds] for feature in features)
    # A department: the query that checks its value, how many of its places are on the map
    # and their box (places.map_zones), then its places, whatever their number.
    with django_assert_num_queries(3):
        client.get(DATA_URL, {"departement": "14"})
    # Another filter: its value, how many places it keeps, then the places.
    with django_assert_num_queries(3):
        client.get(DATA_URL, {"type": kinds[0].slug})


def test_cached_geojson_costs_no_query(client, places, assert_queries_with_cache):
    # A miss: how many places are on the map, the places with the names of their kinds, the
    # next scheduled publication (when the cached bytes expire).
    with assert_queries_with_cache(3):
        client.get(DATA_URL)
    with assert_queries_with_cache(0):
        response = client.get(DATA_URL)
    assert len(features(response)) == 3


@pytest.mark.parametrize("rows", [1, 12])
def test_map_page_query_count_does_not_grow_with_places(client, django_assert_num_queries, rows):
    for _number in range(rows):
        factories.place(kinds=[factories.kind()], **CARPIQUET)
    # Pinned: the options of the four select filters (one query, which checks the department
    # too), both counts, the regions, the first view's box.
    with django_assert_num_queries(4):
        response = client.get(MAP_URL, {"departement": "14"})
    assert response.status_code == 200
    # Without filters, from the tally: the places on the map per department, the public places
    # per department, the options.
    with django_assert_num_queries(3):
        response = client.get(MAP_URL)
    assert f"{rows} lieu" in text(response)


def test_without_filters_the_page_counts_as_with_them(client, places):
    factories.draft_place(name="Projet secret", **CARPIQUET)
    factories.place(
        name="Lieu programmé",
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=2),
        **COLOMBELLES,
    )
    unfiltered = client.get(MAP_URL)
    # The same places through the filter: the open ones, here all of them.
    filtered = client.get(MAP_URL, {"statut": "ouverts"})
    for response in (unfiltered, filtered):
        assert response.context_data["counts"] == {"mapped": 3, "unmapped": 1}
    assert unfiltered.context_data["regions"] == filtered.context_data["regions"]


def test_the_map_opens_on_metropolitan_france_and_overseas_only_when_nothing_else(client, places):
    # Carpiquet to Paris, whatever lies overseas; without filters, from the boxes of the
    # departments that have places on the map (data/department_boxes.csv): Calvados and Paris.
    factories.place(
        name="Lieu réunionnais",
        commune_name="Saint-Denis",
        department=factories.department("974"),
        latitude=Decimal("-20.8789000"),
        longitude=Decimal("55.4481000"),
    )
    page = text(client.get(MAP_URL))
    assert 'data-first-view="48.53000,-1.36000,49.67000,2.69000"' in page
    page = text(client.get(MAP_URL, {"statut": "ouverts"}))
    assert 'data-first-view="48.85660,-0.44660,49.20091,2.35220"' in page
    page = text(client.get(MAP_URL, {"departement": "974"}))
    assert 'data-first-view="-20.87890,55.44810,-20.87890,55.44810"' in page


# The small map of a place page


def test_a_place_with_coordinates_has_a_small_map_and_keeps_the_openstreetmap_link(client, places):
    response = client.get(places["wip"].get_absolute_url())
    assertContains(response, 'data-map="place"')
    # Coordinates with a dot whatever the locale, for the script.
    assertContains(response, 'data-lat="49.2009123"')
    assertContains(response, 'data-lon="-0.2978456"')
    assertContains(response, 'data-name="Le WIP"')
    assertContains(response, 'aria-label="Carte : emplacement de Le WIP"')
    assertContains(response, "https://www.openstreetmap.org/?mlat=49.2009123")
    assertContains(response, 'src="/static/js/map.js"')
    assertNotContains(response, "supercluster")


def test_a_place_without_coordinates_has_no_small_map(client, places):
    response = client.get(places["nowhere"].get_absolute_url())
    assert response.status_code == 200
    assertNotContains(response, 'data-map="place"')
    assertNotContains(response, "leaflet")


def test_geojson_text_is_escaped_as_json(client):
    awkward = 'Le « Lab » "bis" \\ </script>'
    factories.place(name=awkward, commune_name='Saint-"Test"', **CARPIQUET)
    (feature,) = json.loads(client.get(DATA_URL).content)["features"]
    assert feature["properties"]["n"] == awkward
    assert feature["properties"]["c"] == 'Saint-"Test"'
