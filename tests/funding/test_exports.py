import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from exports.models import ExportLog
from funding.exports import AWARD_EXPORT, PROGRAMME_EXPORT
from funding.models import Award, Programme
from tests import factories
from tests.exports_helpers import FORMULA_STARTS, csv_rows, export, select_all

pytestmark = pytest.mark.django_db
PROGRAMMES = reverse("admin:funding_programme_changelist")
AWARDS = reverse("admin:funding_award_changelist")
M = 1_000_000


@pytest.fixture
def envelope():
    relance = factories.funder(name="France Relance")
    programme = factories.programme(
        name="Enveloppe tiers-lieux",
        slug="enveloppe",
        total_amount=130 * M,
        announced_on=datetime.date(2021, 8, 1),
        announced_on_precision="month",
        lines=[("Manufactures", 30 * M), ("Formation", 50 * M)],
        fundings=[(relance, 75 * M)],
    )
    civic = programme.lines.get(name="Formation")
    civic.target_quantity, civic.target_unit = 3000, "missions"
    civic.save()
    factories.programme(
        name="Autre plan", slug="autre", total_amount=None, status="draft", published_at=None
    )
    return programme


def test_programme_csv_has_its_lines_funders_and_arithmetic(admin_client, envelope):
    content = export(admin_client, PROGRAMMES, "export_csv", select_all(Programme))
    assert content.decode("utf-8-sig").split("\r\n", 1)[0].split(";") == PROGRAMME_EXPORT.keys
    rows = {row["identifiant"]: row for row in csv_rows(content)}
    row = rows["enveloppe"]
    assert row["annonce"] == "2021-08"
    assert row["montant_total"] == "130000000,00"
    assert row["somme_des_lignes"] == "80000000,00"
    assert row["reste_non_reparti"] == "50000000,00"
    assert row["financeurs"] == "France Relance : 75000000,00"
    assert (
        row["lignes"]
        == "Manufactures : 30000000,00 :  :  | Formation : 50000000,00 : 3000 : missions"
    )
    assert row["statut"] == "publié"
    assert row["url"] == "http://testserver/financements/enveloppe/"
    assert rows["autre"]["montant_total"] == "" and rows["autre"]["reste_non_reparti"] == ""
    assert rows["autre"]["statut"] == "brouillon"


def test_programme_json_nests_lines_as_records(admin_client, envelope):
    content = export(admin_client, PROGRAMMES, "export_json", select_all(Programme))
    (item,) = [row for row in json.loads(content) if row["identifiant"] == "enveloppe"]
    assert item["montant_total"] == 130 * M
    assert item["lignes"][1] == {
        "intitule": "Formation",
        "montant": 50 * M,
        "objectif": 3000,
        "unite": "missions",
    }
    assert item["financeurs"] == [{"financeur": "France Relance", "montant": 75 * M}]


def test_programme_xlsx_has_numbers_as_numbers(admin_client, envelope):
    sheet = openpyxl.load_workbook(
        io.BytesIO(export(admin_client, PROGRAMMES, "export_xlsx", select_all(Programme)))
    ).active
    header = [cell.value for cell in sheet[1]]
    values = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    total = values["enveloppe"][header.index("montant_total")].value
    assert Decimal(str(total)) == 130 * M


def test_programme_export_keeps_the_changelist_filters(admin_client, envelope):
    rows = csv_rows(
        export(
            admin_client, PROGRAMMES, "export_csv", select_all(Programme), "?status__exact=draft"
        )
    )
    assert [row["identifiant"] for row in rows] == ["autre"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_no_formula_runs_from_a_programme_or_award_export(admin_client, start):
    programme = factories.programme(name=f"{start}SUM(A1:A9)", lines=[(f"{start}cmd", 1)])
    factories.award(programme.lines.get(), factories.place(name=f"{start}lieu"), round=f"{start}1")
    (row,) = csv_rows(export(admin_client, PROGRAMMES, "export_csv", select_all(Programme)))
    assert row["nom"] == f"'{start}SUM(A1:A9)"
    assert row["lignes"].startswith("'")
    (award,) = csv_rows(export(admin_client, AWARDS, "export_csv", select_all(Award)))
    assert award["lieu"] == f"'{start}lieu"
    assert award["vague"] == f"'{start}1"
    sheet = openpyxl.load_workbook(
        io.BytesIO(export(admin_client, AWARDS, "export_xlsx", select_all(Award)))
    ).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet[2][header.index("lieu")]
    assert cell.value.startswith("'") and cell.data_type == "s"


def test_award_export_flattens_the_place_and_the_programme(admin_client, envelope):
    place = factories.place(name="Atelier", slug="atelier", commune_name="Carpiquet")
    factories.award(
        envelope.lines.get(name="Manufactures"),
        place,
        amount=Decimal("150000.5"),
        year=2022,
        round="1re vague",
    )
    (row,) = csv_rows(export(admin_client, AWARDS, "export_csv", select_all(Award)))
    assert row["programme"] == "Enveloppe tiers-lieux"
    assert row["ligne"] == "Manufactures"
    assert (row["lieu"], row["lieu_identifiant"], row["commune"]) == (
        "Atelier",
        "atelier",
        "Carpiquet",
    )
    assert (row["departement_code"], row["departement"]) == ("14", "Calvados")
    assert (row["montant"], row["annee"], row["vague"]) == ("150000,50", "2022", "1re vague")
    assert AWARD_EXPORT.keys == list(row)


@pytest.mark.parametrize("count", [3, 40])
def test_programme_export_queries_do_not_grow_with_rows(
    admin_client, django_assert_num_queries, count
):
    funder = factories.funder()
    for _number in range(count):
        factories.programme(lines=[("A", 1), ("B", 2)], fundings=[(funder, 1)])
    data = select_all(Programme)
    # Pinned: session, user, the changelist (filter choices, counts), the export log (its
    # content type, its insert), the rows, then one query per related list (funders, lines)
    # per chunk — never one per row.
    with django_assert_num_queries(12):
        export(admin_client, PROGRAMMES, "export_csv", data)


@pytest.mark.parametrize("count", [3, 40])
def test_award_export_queries_do_not_grow_with_rows(admin_client, django_assert_num_queries, count):
    line = factories.programme(lines=[("A", 1)]).lines.get()
    for _number in range(count):
        factories.award(line, factories.place())
    data = select_all(Award)
    # Pinned: session, user, the changelist, the export log (its content type, its insert),
    # the rows (no related lists).
    with django_assert_num_queries(12):
        export(admin_client, AWARDS, "export_csv", data)


def test_exporting_programmes_needs_the_export_permission(client, envelope):
    user = factories.user(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_programme", "change_programme"])
    )
    client.force_login(user)
    response = client.post(
        PROGRAMMES, {"action": "export_csv", "index": "0", **select_all(Programme)}
    )
    assert "Content-Disposition" not in response
    assert not ExportLog.objects.exists()


def test_editors_export_programmes_and_the_export_is_logged(editor_client, editor, envelope):
    export(editor_client, PROGRAMMES, "export_csv", select_all(Programme))
    log = ExportLog.objects.get()
    assert (log.user, log.format, log.row_count) == (editor, "csv", 2)
