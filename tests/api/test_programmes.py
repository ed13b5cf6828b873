import datetime

import pytest

from exports.columns import STAFF_ONLY
from funding.exports import PROGRAMME_EXPORT
from tests import factories
from tests.api.helpers import results

pytestmark = pytest.mark.django_db

LIST = "/api/v1/financements/"


def names(response):
    return [row["nom"] for row in results(response)]


def test_the_list_has_only_published_programmes(client, rows):
    assert names(client.get(LIST)) == ["Programme publié"]


def test_a_programme_has_the_public_columns_of_the_export(client, db):
    relance = factories.funder(name="France Relance", slug="france-relance")
    factories.programme(
        name="Enveloppe de 130 M€",
        slug="enveloppe",
        total_amount="130000000",
        lines=[("Fabriques de territoire", "45000000"), ("Service civique", "74000000")],
        fundings=[(relance, "75000000")],
    )

    row = client.get(f"{LIST}enveloppe/").json()

    assert list(row) == [*PROGRAMME_EXPORT.without(*STAFF_ONLY).keys, "licence"]
    assert row["annonce"] == "2021-08"
    assert row["montant_total"] == 130000000
    assert row["somme_des_lignes"] == 119000000
    assert row["reste_non_reparti"] == 11000000
    assert row["financeurs"] == [{"financeur": "France Relance", "montant": 75000000}]
    assert row["lignes"][0] == {
        "intitule": "Fabriques de territoire",
        "montant": 45000000,
        "objectif": None,
        "unite": "",
    }
    assert row["url"] == "http://testserver/financements/enveloppe/"
    assert row["licence"]["nom"] == "Licence Ouverte 2.0"
    assert "jeux_de_donnees" not in row["licence"]


def test_a_programme_without_total_or_date_says_null(client, db):
    factories.programme(slug="sans-total", total_amount=None, announced_on=None)
    row = client.get(f"{LIST}sans-total/").json()
    assert (row["montant_total"], row["reste_non_reparti"], row["annonce"]) == (None, None, None)


def test_a_draft_or_scheduled_slug_answers_404(client, rows):
    assert client.get(f"{LIST}programme-publie/").status_code == 200
    for programme in rows.hidden_programmes:
        assert client.get(f"{LIST}{programme.slug}/").status_code == 404


def test_filters_and_search_are_those_of_the_list_page(client, db):
    region = factories.funder(name="Région", slug="region")
    factories.programme(name="Fonds régional", fundings=[(region, "10")])
    factories.programme(
        name="Appel à manifestation d'intérêt", announced_on=datetime.date(2019, 6, 1)
    )

    assert names(client.get(LIST, {"financeur": "region"})) == ["Fonds régional"]
    assert names(client.get(LIST, {"annee": "2019"})) == ["Appel à manifestation d'intérêt"]
    assert names(client.get(LIST, {"q": "REGIONAL"})) == ["Fonds régional"]
    assert client.get(LIST, {"annee": "1900"}).status_code == 400


def test_pages(client, db):
    for number in range(3):
        factories.programme(name=f"Programme {number}")
    page = client.get(LIST, {"page_size": 2}).json()
    assert (page["total"], page["pages"], len(page["resultats"])) == (3, 2, 2)


@pytest.mark.parametrize("count", [1, 20])
def test_list_query_count_does_not_grow_with_programmes(
    client, db, django_assert_num_queries, count
):
    shared = factories.funder()
    for _number in range(count):
        factories.programme(
            lines=[("Une ligne", "10"), ("Une autre", "20")],
            fundings=[(shared, "30"), (factories.funder(), "5")],
        )
    # Pinned to prevent N+1 queries: the funder filter's check, the count, the page, the
    # fundings with their funders, the lines.
    with django_assert_num_queries(5):
        response = client.get(LIST, {"financeur": shared.slug})
    assert len(results(response)) == count


def test_detail_query_count(client, db, django_assert_num_queries):
    programme = factories.programme(
        lines=[("Une ligne", "10"), ("Une autre", "20")], fundings=[(factories.funder(), "30")]
    )
    # Pinned: the programme, its fundings with their funders, its lines.
    with django_assert_num_queries(3):
        response = client.get(f"{LIST}{programme.slug}/")
    assert len(response.json()["lignes"]) == 2
