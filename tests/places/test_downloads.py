"""« Télécharger ces résultats » on /lieux/: CSV and GeoJSON of the list's published places."""

import datetime
import json

import pytest
from django.utils import timezone

from content.models import Status
from places.downloads import approximate_size
from places.exports import PUBLIC_PLACE_EXPORT
from places.models import PlaceKind
from tests import factories
from tests.exports_helpers import FORMULA_STARTS, csv_rows

pytestmark = pytest.mark.django_db

CSV = "/lieux/telecharger.csv"
GEOJSON = "/lieux/telecharger.geojson"


def content(response):
    assert response.status_code == 200, response.content[:300]
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


@pytest.fixture
def places(db):
    fablab = PlaceKind.objects.get(slug="fablab")
    factories.place(
        name="Atelier Normand",
        kinds=[fablab],
        latitude="49.18",
        longitude="-0.36",
        summary='=HYPERLINK("http://example.org")',
    )
    factories.place(name="Cowork de l'Orne", department=factories.department("61"))
    factories.draft_place(name="Lieu brouillon", kinds=[fablab])
    factories.place(
        name="Lieu programmé",
        kinds=[fablab],
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=2),
    )


def test_csv_has_the_filtered_published_places_and_the_public_columns(client, places):
    response = client.get(CSV, {"type": "fablab"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="lieux-' in response["Content-Disposition"]
    rows = csv_rows(content(response))

    assert [row["nom"] for row in rows] == ["Atelier Normand"]
    assert list(rows[0]) == PUBLIC_PLACE_EXPORT.keys
    assert "statut" not in rows[0]
    assert rows[0]["latitude"] == "49,1800000"  # French Excel's decimal comma
    assert rows[0]["resume"][0] == "'"  # the formula cannot run
    assert rows[0]["url"].startswith("http://testserver/lieux/")


def test_no_filter_gives_every_published_place_and_never_a_hidden_one(client, places):
    text = content(client.get(CSV)).decode("utf-8-sig")
    assert "Atelier Normand" in text and "Cowork de l'Orne" in text
    assert "brouillon" not in text and "programmé" not in text

    collection = json.loads(content(client.get(GEOJSON)))
    assert [feature["properties"]["nom"] for feature in collection["features"]] == [
        "Atelier Normand",
        "Cowork de l'Orne",
    ]


def test_geojson_of_the_filtered_places(client, places):
    response = client.get(GEOJSON, {"departement": "14"})
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    collection = json.loads(content(response))
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.36, 49.18]}
    assert feature["properties"]["nom"] == "Atelier Normand"
    assert "statut" not in feature["properties"]
    # The text is as typed: GeoJSON is not a spreadsheet.
    assert feature["properties"]["types"] == ["Fablab"]


def test_the_sort_of_the_list_is_kept(client, db):
    factories.place(name="B", year_opened=2010)
    factories.place(name="A", year_opened=2020)
    rows = csv_rows(content(client.get(CSV, {"tri": "ouverture"})))
    assert [row["nom"] for row in rows] == ["A", "B"]


def test_a_filter_in_error_answers_400_in_french(client, db):
    response = client.get(CSV, {"departement": "999"})
    assert response.status_code == 400
    assert "Les filtres contiennent une erreur" in response.content.decode()


def test_formula_characters_never_start_a_csv_cell(client, db):
    for start in FORMULA_STARTS:
        factories.place(name=f"{start}Lieu", summary=f"{start}1+1")
    for row in csv_rows(content(client.get(CSV))):
        for value in row.values():
            assert not value or value[0] not in FORMULA_STARTS


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_does_not_grow_with_places(client, db, django_assert_num_queries, count):
    coworking = PlaceKind.objects.get(slug="coworking")
    for _number in range(count):
        place = factories.place(kinds=[coworking], services=[factories.service()])
        factories.provenance(place)
    # Pinned: the type filter's check, the rows, then per chunk of 2 000 rows one query for
    # each related list (kinds, services, provenance).
    with django_assert_num_queries(5):
        rows = csv_rows(content(client.get(CSV, {"type": "coworking"})))
    assert len(rows) == count


def test_the_list_offers_both_downloads_with_its_filters_and_their_size(client, places):
    page = client.get("/lieux/", {"type": "fablab", "page": "1", "tri": "nom"}).content.decode()
    assert 'href="/lieux/telecharger.csv?type=fablab&amp;tri=nom"' in page
    assert 'href="/lieux/telecharger.geojson?type=fablab&amp;tri=nom"' in page
    assert "Télécharger ces lieux en CSV" in page and "ces lieux en GeoJSON" in page
    assert "(tableur, environ 1 Ko)" in page
    assert 'href="/donnees/#lieux"' in page


def test_no_download_offered_for_no_result(client, db):
    page = client.get("/lieux/", {"q": "introuvable"}).content.decode()
    assert "telecharger.csv" not in page


def test_approximate_sizes():
    assert approximate_size(0, "csv") == "1 Ko"
    assert approximate_size(100, "csv") == "28 Ko"
    assert approximate_size(1512, "geojson") == "680 Ko"
    assert approximate_size(10_000, "geojson") == "4,5 Mo"
