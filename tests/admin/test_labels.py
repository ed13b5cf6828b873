"""Selects and autocompletes say what they hold, in a number of queries that does not grow."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from visits.models import Announcement, Person

pytestmark = pytest.mark.django_db
AUTOCOMPLETE = reverse("admin:autocomplete")


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        AUTOCOMPLETE,
        {"term": term, "app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_places_are_named_with_their_commune_and_department(editor_client):
    factories.place(name="La Fabrique", commune_name="Caen")
    factories.place(name="La Fabrique", commune_name="Bayeux")
    assert sorted(autocomplete(editor_client, "visits", "stop", "place", "fabrique")) == [
        "La Fabrique (Bayeux, Calvados)",
        "La Fabrique (Caen, Calvados)",
    ]


def lines(size):
    programme = factories.programme(
        name="Nouveaux lieux, nouveaux liens : un programme au nom très long",
        lines=[(f"Ligne {number}", 30_000_000 + number) for number in range(size)],
    )
    return programme


def test_budget_lines_are_named_by_programme_line_and_amount(admin_client):
    lines(1)
    assert autocomplete(admin_client, "visits", "announcement", "lines") == [
        "Nouveaux lieux, nouveaux liens : un programme au nom très long — Ligne 0 "
        "(30\u00a0000\u00a0000\u00a0€)"
    ]


@pytest.mark.parametrize("size", [1, 8])
def test_the_budget_line_autocomplete_takes_the_same_queries_whatever_the_count(
    admin_client, django_assert_num_queries, size
):
    lines(size)
    # Session, user; the lines with their programme; the count of the page.
    with django_assert_num_queries(4):
        assert len(autocomplete(admin_client, "visits", "announcement", "lines")) == size


def test_the_visit_form_names_the_announced_lines_in_queries_that_do_not_grow(admin_client):
    counts = []
    for size in (1, 6):
        programme = lines(size)
        visit = factories.visit()
        announcement = Announcement.objects.create(visit=visit, programme=programme, order=1)
        announcement.lines.set(programme.lines.all())
        url = reverse("admin:visits_visit_change", args=[visit.pk])
        admin_client.get(url)  # fills the content types' cache
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        counts.append(len(captured))
        page = html.unescape(response.content.decode())
        assert (
            f"un programme au nom très long — Ligne {size - 1} (30\u00a0000\u00a000{size - 1}"
            in page
        )
    assert counts[0] == counts[1], counts


def test_people_are_named_with_the_office_they_last_held(admin_client):
    castex = Person.objects.create(name="Jean Castex", slug="jean-castex")
    early = factories.visit(date="2020-09-01")
    late = factories.visit(date="2021-08-27")
    factories.participant(early, person=castex, office="Maire de Prades")
    factories.participant(late, person=castex, office="Premier ministre")
    Person.objects.create(name="Anonyme", slug="anonyme")
    assert autocomplete(admin_client, "visits", "participant", "person") == [
        "Anonyme",
        "Jean Castex, Premier ministre",
    ]


def test_a_new_visit_says_its_stops_come_after_saving(admin_client):
    response = admin_client.get(reverse("admin:visits_visit_add"))
    page = html.unescape(response.content.decode())
    assert "Les étapes de la visite s'afficheront ici après son premier enregistrement." in page
    # Once saved, the stops are there to choose from and the sentence goes.
    visit = factories.visit()
    factories.stop(visit, title="Table ronde")
    response = admin_client.get(reverse("admin:visits_visit_change", args=[visit.pk]))
    page = html.unescape(response.content.decode())
    assert "après son premier enregistrement" not in page
