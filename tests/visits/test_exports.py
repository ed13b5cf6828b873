import datetime
import json

import pytest
from django.urls import reverse

from exports.models import ExportLog
from tests import factories
from tests.exports_helpers import csv_rows, export, select_all
from visits.exports import VISIT_EXPORT
from visits.models import Announcement, Person, Visit

pytestmark = pytest.mark.django_db
VISITS = reverse("admin:visits_visit_changelist")


@pytest.fixture
def visit():
    visit = factories.visit(
        title="Matinée caennaise",
        slug="matinee",
        date=datetime.date(2021, 8, 1),
        date_precision="month",
    )
    castex = Person.objects.create(name="Jean Castex", slug="jean-castex")
    factories.participant(visit, person=castex, office="Premier ministre", role="leads", order=1)
    factories.participant(visit, office="ministre des PME", role="accompanies", order=2)
    factories.stop(
        visit, order=1, place=factories.place(name="L'atelier normand", commune_name="Carpiquet")
    )
    factories.stop(visit, order=2, place=factories.place(name="Le WIP", commune_name="Colombelles"))
    factories.stop(visit, order=3, kind="round_table", title="Table ronde sur les tiers-lieux")
    Announcement.objects.create(
        visit=visit, programme=factories.programme(name="Enveloppe"), text="x"
    )
    return visit


def test_visit_csv_lists_its_stops_in_order_and_its_participants(admin_client, visit):
    content = export(admin_client, VISITS, "export_csv", select_all(Visit))
    assert content.decode("utf-8-sig").split("\r\n", 1)[0].split(";") == VISIT_EXPORT.keys
    (row,) = csv_rows(content)
    assert (row["identifiant"], row["date"], row["precision_date"]) == (
        "matinee",
        "2021-08",
        "mois",
    )
    assert row["participants"] == (
        "Jean Castex, Premier ministre (conduit la visite) | ministre des PME (accompagne)"
    )
    assert row["etapes"] == (
        "1. visite d'un lieu : L'atelier normand (Carpiquet) | "
        "2. visite d'un lieu : Le WIP (Colombelles) | "
        "3. table ronde : Table ronde sur les tiers-lieux"
    )
    assert row["programmes_annonces"] == "Enveloppe"
    assert row["url"] == "http://testserver/visites/matinee/"


def test_visit_json_keeps_the_lists(admin_client, visit):
    (item,) = json.loads(export(admin_client, VISITS, "export_json", select_all(Visit)))
    assert len(item["etapes"]) == 3
    assert item["date"] == "2021-08"


def test_visit_export_keeps_the_changelist_filters(admin_client, visit):
    factories.visit(title="Autre", slug="autre", date=datetime.date(2023, 1, 5))
    rows = csv_rows(
        export(admin_client, VISITS, "export_csv", select_all(Visit), "?date__year=2023")
    )
    assert [row["identifiant"] for row in rows] == ["autre"]


def test_a_visit_title_cannot_carry_a_formula(admin_client):
    factories.visit(title="=cmd|' /C calc'!A0")
    (row,) = csv_rows(export(admin_client, VISITS, "export_csv", select_all(Visit)))
    assert row["titre"] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("count", [2, 30])
def test_visit_export_queries_do_not_grow_with_rows(admin_client, django_assert_num_queries, count):
    for _number in range(count):
        visit = factories.visit()
        factories.stop(visit, place=factories.place())
        factories.participant(visit)
    data = select_all(Visit)
    # Pinned: session, user, the changelist, the export log (its content type, its insert), the
    # rows, then one query per related list (participants, stops, announcements) per chunk —
    # never one per row.
    with django_assert_num_queries(11):
        export(admin_client, VISITS, "export_xlsx", data)


def test_editors_export_visits_and_the_export_is_logged(editor_client, editor, visit):
    export(editor_client, VISITS, "export_xlsx", select_all(Visit))
    assert ExportLog.objects.get().format == "xlsx"
