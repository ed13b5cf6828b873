"""The admin's search is the site's (content.search): accents, case and apostrophes left out,
ranked by relevance unless the editor sorts by a column. On SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from content.models import Status
from tests import factories
from visits.models import Participant, Person

pytestmark = pytest.mark.django_db

# The public search's variants: an accent, the typographic apostrophe, capitals.
VARIANTS = ["atelîer", "l’atelier", "ATELIER"]


def found(client, model, query, **params):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200
    return [str(row) for row in response.context["cl"].result_list]


@pytest.fixture
def places():
    source = factories.source()
    # A draft too: editors search everything, not only what is published.
    factories.draft_place(name="Maison de l'atelier", sources=[source])
    factories.place(name="L'Atelier normand", sources=[source])
    factories.place(name="Fabrique", summary="Un atelier partagé.", sources=[source])
    factories.place(name="Le Garage", sources=[source])


@pytest.mark.parametrize("query", VARIANTS)
def test_places_are_searched_as_on_the_site_and_ranked(admin_client, places, query):
    from places.models import Place

    rows = found(admin_client, Place, query)
    # The title starting with the word after its article first, the summary's mention last.
    assert rows[0] == "L'Atelier normand"
    assert set(rows) == {"L'Atelier normand", "Maison de l'atelier", "Fabrique"}
    assert rows[-1] == "Fabrique"


def test_a_column_the_editor_sorts_by_wins_over_relevance(admin_client, places):
    from places.models import Place

    # Column 2 is the name (0 is the selection's checkbox, 1 the photo): « o=2 » sorts by it.
    by_name = found(admin_client, Place, "atelier", o="2")
    assert by_name == ["Fabrique", "L'Atelier normand", "Maison de l'atelier"]


def test_the_search_box_and_filters_work_together(admin_client, places):
    from places.models import Place

    assert found(admin_client, Place, "atelier", publication="brouillon") == ["Maison de l'atelier"]


@pytest.mark.parametrize("query", VARIANTS)
def test_programmes_and_visits_are_searched_as_on_the_site(admin_client, query):
    from funding.models import Programme
    from visits.models import Visit

    factories.programme(name="Ateliers de fabrication", status=Status.DRAFT, published_at=None)
    factories.programme(name="Plan de relance", summary="Des ateliers partout.")
    factories.programme(name="Fabriques")
    assert found(admin_client, Programme, query) == ["Ateliers de fabrication", "Plan de relance"]

    factories.visit(title="Visite de L’Atelier du port")
    factories.visit(title="Visite à Caen")
    assert found(admin_client, Visit, query) == ["Visite de L’Atelier du port"]


@pytest.mark.parametrize("query", VARIANTS)
def test_people_and_sources_are_searched_the_same_way(admin_client, query):
    from content.models import Source

    Person.objects.create(name="Élise Lâtelier", slug="elise-latelier")
    Person.objects.create(name="Jean L’Atelier-Durand", slug="jean-latelier")
    Person.objects.create(name="Jean Castex", slug="jean-castex")
    assert found(admin_client, Person, query) == ["Jean L’Atelier-Durand"]

    factories.source(title="Ouest-France", publisher="L'Atelier du journal")
    factories.source(title="Le Monde")
    assert found(admin_client, Source, query) == ["Ouest-France"]


def test_people_are_found_by_a_word_prefix_and_accents_either_way(admin_client):
    Person.objects.create(name="Jacqueline Gourault", slug="jacqueline-gourault")
    Person.objects.create(name="Joël Giraud", slug="joel-giraud")
    assert found(admin_client, Person, "joel") == ["Joël Giraud"]
    assert found(admin_client, Person, "GOUR jacq") == ["Jacqueline Gourault"]
    assert found(admin_client, Person, "l'") == [
        "Jacqueline Gourault",
        "Joël Giraud",
    ]  # no word: everyone, as without a query


def test_the_place_autocomplete_uses_the_same_search(admin_client, places):
    visit = factories.visit()
    factories.participant(visit, office="Ministre", role=Participant.Role.LEADS)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "l’atelier",
            "app_label": "visits",
            "model_name": "stop",
            "field_name": "place",
        },
    )
    assert response.status_code == 200
    texts = [row["text"] for row in response.json()["results"]]
    assert texts[0].startswith("L'Atelier normand")
    assert len(texts) == 3
