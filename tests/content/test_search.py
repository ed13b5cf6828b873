"""The programmes' and the visits' searches rank the same way as the places' (content.search):
the title first, prefixes, typos, elisions; newest first without a query. On both databases."""

import datetime

import pytest
from django.urls import reverse

from content.search import search
from funding.models import Programme
from tests import factories
from visits.models import Visit

pytestmark = pytest.mark.django_db

PROGRAMMES = reverse("funding:list")
VISITS = reverse("visits:list")


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.PAGECACHE_ENABLED = False


def listed(client, url, context_name, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return [str(row) for row in response.context_data[context_name]]


@pytest.fixture
def programmes():
    def programme(name, year, **fields):
        return factories.programme(name=name, announced_on=datetime.date(year, 1, 1), **fields)

    programme("Appel à manifestation d'intérêt", 2024, summary="Pour les fabriques de territoire.")
    programme("Fabriques de territoire", 2019, summary="Trois cents fabriques.")
    programme("L'Enveloppe numérique", 2021, description="Des fabriques numériques aussi.")
    programme("Plan de relance", 2022, summary="Rien à voir.")


def test_programmes_by_relevance_with_a_query_and_newest_first_without(client, programmes):
    found = listed(client, PROGRAMMES, "programmes", q="fabriques")
    assert found[0] == "Fabriques de territoire"
    assert set(found) == {
        "Fabriques de territoire",
        "Appel à manifestation d'intérêt",
        "L'Enveloppe numérique",
    }
    assert listed(client, PROGRAMMES, "programmes")[0] == "Appel à manifestation d'intérêt"


def test_programmes_prefixes_elisions_and_typos(client, programmes):
    assert listed(client, PROGRAMMES, "programmes", q="l'enveloppe")[0] == ("L'Enveloppe numérique")
    assert listed(client, PROGRAMMES, "programmes", q="enve") == ["L'Enveloppe numérique"]
    assert listed(client, PROGRAMMES, "programmes", q="relanse") == ["Plan de relance"]


@pytest.fixture
def visits():
    factories.visit(title="Visite à Colombelles", date=datetime.date(2021, 8, 27))
    factories.visit(
        title="Déplacement en Normandie",
        summary="Une étape à Colombelles, puis Caen.",
        date=datetime.date(2023, 3, 14),
    )
    factories.visit(title="Visite d’Hérouville", date=datetime.date(2022, 5, 2))


def test_visits_by_relevance_with_a_query_and_newest_first_without(client, visits):
    assert listed(client, VISITS, "visits", q="colombelles") == [
        "Visite à Colombelles",
        "Déplacement en Normandie",
    ]
    assert listed(client, VISITS, "visits")[0] == "Déplacement en Normandie"
    assert listed(client, VISITS, "visits", q="herouville") == ["Visite d’Hérouville"]
    assert listed(client, VISITS, "visits", q="deplacemnt") == ["Déplacement en Normandie"]


def test_drafts_are_not_searched_and_a_searched_queryset_can_be_counted_and_nested(visits):
    factories.visit(title="Visite secrète à Colombelles", status="draft", published_at=None)
    published = search(Visit.objects.published(), "colombelles")
    assert published.count() == 2
    # Inside another query (as the map and the exports use them): aliases stay right.
    assert Visit.objects.filter(pk__in=published.values("pk")).count() == 2
    every = Programme.objects.all()
    assert search(every, "  ’ -- ") is every
