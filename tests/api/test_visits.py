import datetime

import pytest

from exports.columns import STAFF_ONLY
from tests import factories
from tests.api.helpers import results
from visits.exports import VISIT_EXPORT
from visits.models import Announcement, Person, Stop

pytestmark = pytest.mark.django_db

LIST = "/api/v1/visites/"


def titles(response):
    return [row["titre"] for row in results(response)]


def test_the_list_has_only_published_visits(client, rows):
    assert titles(client.get(LIST)) == ["Visite publiée"]


def test_a_visit_has_the_public_columns_and_names_nothing_unpublished(client, db):
    visit = factories.visit(
        title="Le Premier ministre à Caen",
        slug="caen",
        date=datetime.date(2021, 8, 1),
        date_precision="month",
    )
    factories.participant(visit, office="Premier ministre", order=1)
    factories.participant(
        visit,
        person=Person.objects.create(name="Joël Giraud", slug="joel-giraud"),
        office="secrétaire d'État à la Ruralité",
        role="accompanies",
        order=2,
    )
    public_place = factories.place(
        name="L'atelier normand", slug="atelier", commune_name="Carpiquet"
    )
    secret_place = factories.draft_place(name="Lieu encore secret")
    factories.stop(visit, place=public_place, order=1)
    factories.stop(visit, place=secret_place, order=2)
    factories.stop(visit, kind=Stop.Kind.ROUND_TABLE, title="Table ronde", order=3)
    public_programme = factories.programme(name="Enveloppe de 130 M€")
    secret_programme = factories.programme(
        name="Programme encore secret", status="draft", published_at=None
    )
    for order, programme in enumerate([public_programme, secret_programme]):
        Announcement.objects.create(visit=visit, programme=programme, text="…", order=order)

    response = client.get(f"{LIST}caen/")
    row = response.json()

    assert list(row) == [*VISIT_EXPORT.without(*STAFF_ONLY).keys, "licence"]
    assert (row["date"], row["precision_date"]) == ("2021-08", "mois")
    assert row["participants"] == [
        {"personne": None, "fonction": "Premier ministre", "role": "conduit la visite"},
        {
            "personne": "Joël Giraud",
            "fonction": "secrétaire d'État à la Ruralité",
            "role": "accompagne",
        },
    ]
    assert row["etapes"] == [
        {
            "ordre": 1,
            "nature": "visite d'un lieu",
            "intitule": "",
            "lieu": "L'atelier normand",
            "lieu_identifiant": "atelier",
            "commune": "Carpiquet",
        },
        {
            "ordre": 2,
            "nature": "visite d'un lieu",
            "intitule": "",
            "lieu": None,
            "lieu_identifiant": None,
            "commune": None,
        },
        {
            "ordre": 3,
            "nature": "table ronde",
            "intitule": "Table ronde",
            "lieu": None,
            "lieu_identifiant": None,
            "commune": None,
        },
    ]
    assert row["programmes_annonces"] == ["Enveloppe de 130 M€"]
    assert "secret" not in response.content.decode()
    assert row["url"] == "http://testserver/visites/caen/"
    assert row["licence"]["nom"] == "Licence Ouverte 2.0"


def test_a_draft_or_scheduled_slug_answers_404(client, rows):
    assert client.get(f"{LIST}visite-publiee/").status_code == 200
    for visit in rows.hidden_visits:
        assert client.get(f"{LIST}{visit.slug}/").status_code == 404


def test_filters_and_search_are_those_of_the_list_page(client, db):
    normandy = factories.visit(title="Visite en Normandie", date=datetime.date(2021, 8, 1))
    factories.stop(normandy, place=factories.place())
    factories.participant(normandy, office="Premier ministre")
    capital = factories.visit(title="Visite à Paris", date=datetime.date(2023, 3, 14))
    factories.stop(capital, place=factories.place(department=factories.department("75")))
    factories.participant(capital, office="ministre de la Cohésion des territoires")

    assert titles(client.get(LIST)) == ["Visite à Paris", "Visite en Normandie"]
    assert titles(client.get(LIST, {"annee": "2021"})) == ["Visite en Normandie"]
    assert titles(client.get(LIST, {"region": "28"})) == ["Visite en Normandie"]
    assert titles(client.get(LIST, {"departement": "75"})) == ["Visite à Paris"]
    assert titles(client.get(LIST, {"fonction": "Premier ministre"})) == ["Visite en Normandie"]
    assert titles(client.get(LIST, {"q": "PARIS"})) == ["Visite à Paris"]
    assert titles(client.get(LIST, {"page_size": 1, "page": 2})) == ["Visite en Normandie"]


def _visit_with_everything():
    visit = factories.visit()
    factories.participant(visit)
    factories.participant(visit, person=Person.objects.create(name="X", slug=f"x-{visit.pk}"))
    factories.stop(visit, place=factories.place())
    factories.stop(visit, place=factories.place())
    Announcement.objects.create(visit=visit, programme=factories.programme(), text="…")
    return visit


@pytest.mark.parametrize("count", [1, 15])
def test_list_query_count_does_not_grow_with_visits(client, db, django_assert_num_queries, count):
    for _number in range(count):
        _visit_with_everything()
    # Pinned to prevent N+1 queries: the count, the page, the participants with their people,
    # the stops with their places, the announcements with their programmes.
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert len(results(response)) == count


def test_detail_query_count(client, db, django_assert_num_queries):
    visit = _visit_with_everything()
    # Pinned: the visit, its participants, stops and announcements (each with what they name).
    with django_assert_num_queries(4):
        response = client.get(f"{LIST}{visit.slug}/")
    assert len(response.json()["etapes"]) == 2
