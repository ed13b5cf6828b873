import datetime

import pytest

from places.exports import PUBLIC_PLACE_EXPORT
from places.models import PlaceKind
from tests import factories
from tests.api.helpers import results

pytestmark = pytest.mark.django_db

LIST = "/api/v1/lieux/"
CENSUS = {
    "slug": "cget-tiers-lieux-2019",
    "title": "CGET – Mission Coworking, base des tiers-lieux 2019",
    "attribution": "CGET – Mission Coworking, 2019",
    "licence": "Licence Ouverte 2.0",
    "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def names(response):
    return [row["nom"] for row in results(response)]


def test_the_list_has_only_published_places(client, rows):
    assert names(client.get(LIST)) == ["Lieu publié"]


def test_a_place_has_the_public_columns_of_the_export_and_nothing_else(client, db):
    coworking = PlaceKind.objects.get(slug="coworking")
    place = factories.place(
        name="L'atelier",
        slug="l-atelier",
        summary="Un atelier partagé.",
        street_address="1 rue du Port",
        postcode="14650",
        commune_name="Carpiquet",
        commune_code="14137",
        latitude="49.1855000",
        longitude="-0.4470000",
        surface_m2=300,
        year_opened=2017,
        year_opened_is_approximate=True,
        website="https://example.org",
        published_at=datetime.datetime(2021, 8, 27, 10, tzinfo=datetime.timezone.utc),
        kinds=[coworking],
        services=[factories.service(name="Café")],
    )
    factories.provenance(place, dataset=factories.dataset(**CENSUS), row_id="1500")

    row = client.get(f"{LIST}l-atelier/").json()

    assert list(row) == [*PUBLIC_PLACE_EXPORT.keys, "licence"]
    assert "statut" not in row and "search_text" not in row and "created_at" not in row
    assert row["identifiant"] == "l-atelier"
    assert row["types"] == ["Coworking"]
    assert row["services"] == ["Café"]
    assert (row["commune"], row["code_commune"], row["departement_code"]) == (
        "Carpiquet",
        "14137",
        "14",
    )
    assert row["region"] == "Normandie"
    assert (row["latitude"], row["longitude"]) == (49.1855, -0.447)
    assert (row["surface_m2"], row["annee_ouverture"], row["annee_approximative"]) == (
        300,
        2017,
        True,
    )
    assert row["url"] == "http://testserver/lieux/l-atelier/"
    assert row["publie_le"] == "2021-08-27T12:00:00+02:00"  # Paris time, as the site's pages
    assert row["provenance"] == [
        {
            "jeu_de_donnees": "cget-tiers-lieux-2019",
            "ligne": "1500",
            "attribution": "CGET – Mission Coworking, 2019",
            "licence": "Licence Ouverte 2.0",
        }
    ]


def test_every_answer_carries_the_licence_and_the_census_attribution(client, db):
    place = factories.place(name="Recensé")
    factories.provenance(place, dataset=factories.dataset(**CENSUS))

    for licence in (
        client.get(LIST).json()["licence"],
        client.get(f"{LIST}{place.slug}/").json()["licence"],
    ):
        assert licence["nom"] == "Licence Ouverte 2.0"
        assert licence["url"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
        assert licence["attribution"] == "Tiers-lieux en France (http://testserver/)"
        assert licence["description"] == "http://testserver/donnees/"
        census, communes = licence["jeux_de_donnees"]
        assert census["identifiant"] == "cget-tiers-lieux-2019"
        assert census["titre"] == "CGET – Mission Coworking, base des tiers-lieux 2019"
        assert census["attribution"] == "CGET – Mission Coworking, 2019"
        assert census["licence"] == "Licence Ouverte 2.0"
        assert communes["identifiant"] == "communes-insee-la-poste"
        assert "INSEE" in communes["attribution"] and "La Poste" in communes["attribution"]


def test_a_page_credits_only_the_datasets_of_its_places(client, db):
    factories.place(name="Saisi à la main")
    licence = client.get(LIST).json()["licence"]
    assert [entry["identifiant"] for entry in licence["jeux_de_donnees"]] == [
        "communes-insee-la-poste"
    ]


def test_a_draft_or_scheduled_slug_answers_404_in_french(client, rows):
    assert client.get(f"{LIST}lieu-publie/").status_code == 200
    for place in rows.hidden_places:
        response = client.get(f"{LIST}{place.slug}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Aucun contenu publié ne correspond à cette adresse."}


def test_filters_and_search_are_those_of_the_list_page(client, db):
    fablab = PlaceKind.objects.get(slug="fablab")
    factories.place(name="Atelier Normand", kinds=[fablab], commune_name="Carpiquet")
    factories.place(name="Cowork de l'Orne", department=factories.department("61"))
    factories.place(name="Café des Champs", latitude="49.18", longitude="-0.36")

    assert names(client.get(LIST, {"type": "fablab"})) == ["Atelier Normand"]
    assert names(client.get(LIST, {"departement": "61"})) == ["Cowork de l'Orne"]
    assert names(client.get(LIST, {"region": "28", "q": "ATELIER normand"})) == ["Atelier Normand"]
    assert names(client.get(LIST, {"q": "cafe"})) == ["Café des Champs"]
    assert names(client.get(LIST, {"coordonnees": "avec"})) == ["Café des Champs"]
    assert names(client.get(LIST, {"tri": "nom"}))[0] == "Atelier Normand"


def test_a_filter_in_error_answers_400_in_french(client, db):
    response = client.get(LIST, {"departement": "999", "tri": "n'importe"})
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"departement", "tri"}
    assert "Sélectionnez un choix valide" in errors["departement"][0]


def test_pages_of_50_and_page_size_up_to_200(client, db):
    for number in range(205):
        factories.place(name=f"Lieu {number:03d}")

    first = client.get(LIST).json()
    assert (first["total"], first["page"], first["pages"]) == (205, 1, 5)
    assert len(first["resultats"]) == 50
    assert first["precedente"] is None
    assert first["suivante"] == "http://testserver/api/v1/lieux/?page=2"

    second = client.get(first["suivante"]).json()
    assert second["resultats"][0]["nom"] == "Lieu 050"
    assert second["precedente"] == "http://testserver/api/v1/lieux/"

    assert len(results(client.get(LIST, {"page_size": 10}))) == 10
    assert len(results(client.get(LIST, {"page_size": 1000}))) == 200

    response = client.get(LIST, {"page": 99})
    assert response.status_code == 404
    assert response.json() == {"detail": "Page non valide."}


def test_filters_stay_in_the_next_page_link(client, db):
    for number in range(3):
        factories.place(name=f"Fablab {number}", kinds=[PlaceKind.objects.get(slug="fablab")])
    page = client.get(LIST, {"type": "fablab", "page_size": 2}).json()
    assert page["suivante"] == "http://testserver/api/v1/lieux/?page=2&page_size=2&type=fablab"


def _place_with_everything(number):
    place = factories.place(
        kinds=[factories.kind(), factories.kind()],
        services=[factories.service()],
    )
    factories.provenance(place)
    factories.provenance(place)
    return place


@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count_does_not_grow_with_places(client, db, django_assert_num_queries, count):
    for number in range(count):
        _place_with_everything(number)
    # Pinned to prevent N+1 queries: the department filter's check, the count, the page, its
    # kinds, its services, its provenances with their datasets.
    with django_assert_num_queries(6):
        response = client.get(LIST, {"departement": "14"})
    assert len(results(response)) == count


@pytest.mark.parametrize("provenances", [1, 10])
def test_detail_query_count_does_not_grow(client, db, django_assert_num_queries, provenances):
    place = factories.place(kinds=[factories.kind(), factories.kind()])
    for _number in range(provenances):
        factories.provenance(place)
    # Pinned: the place with its department and region, kinds, services, provenances.
    with django_assert_num_queries(4):
        response = client.get(f"{LIST}{place.slug}/")
    assert len(response.json()["provenance"]) == provenances
