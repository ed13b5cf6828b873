import datetime
import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from content.dates import DatePrecision
from content.models import Status
from exports.columns import ExportContext
from exports.models import ExportLog
from places.exports import PLACE_EXPORT
from places.models import Dataset, Department, Lifecycle, Place, PlaceKind, Provenance
from tests import exports_helpers, factories
from tests.exports_helpers import FORMULA_STARTS, csv_rows

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:places_place_changelist")


@pytest.fixture
def places():
    coworking = PlaceKind.objects.get(slug="coworking")
    fablab = PlaceKind.objects.get(slug="fablab")
    wip = factories.place(
        name="Le WIP",
        slug="le-wip",
        commune_name="Colombelles",
        commune_code="14167",
        postcode="14460",
        latitude=Decimal("49.1923892"),
        longitude=Decimal("-0.3074549"),
        website="https://www.le-wip.com",
        year_opened=2019,
        kinds=[fablab, coworking],
        services=[factories.service(name="Bureaux partagés")],
    )
    corse = factories.draft_place(
        name="Fab Lab Ajaccio",
        slug="fab-lab-ajaccio",
        department=Department.objects.get(code="2A"),
        postcode="20090",
        surface_m2=120,
    )
    return {"wip": wip, "corse": corse}


def select_all():
    return exports_helpers.select_all(Place)


def export(client, action, data=None, query=""):
    return exports_helpers.export(client, CHANGELIST, action, data or select_all(), query)


def test_csv_opens_in_french_spreadsheets_and_flattens_related_data(admin_client, places):
    content = export(admin_client, "export_csv")
    header = content.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header.split(";") == PLACE_EXPORT.keys
    rows = {row["identifiant"]: row for row in csv_rows(content)}
    wip = rows["le-wip"]
    assert wip["nom"] == "Le WIP"
    assert wip["types"] == "Coworking | Fablab"
    assert wip["services"] == "Bureaux partagés"
    assert (wip["departement_code"], wip["departement"], wip["region"]) == (
        "14",
        "Calvados",
        "Normandie",
    )
    # Decimal comma, and a negative number stays a number (no quote in front).
    assert (wip["latitude"], wip["longitude"]) == ("49,1923892", "-0,3074549")
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", wip["publie_le"])
    assert wip["statut"] == "publié"
    assert wip["annee_approximative"] == "non"
    assert wip["url"] == "http://testserver/lieux/le-wip/"
    corse = rows["fab-lab-ajaccio"]
    assert (corse["departement_code"], corse["statut"], corse["publie_le"]) == (
        "2A",
        "brouillon",
        "",
    )
    assert corse["surface_m2"] == "120"
    assert corse["latitude"] == corse["types"] == ""


def test_csv_dates_are_day_month_year():
    from exports.cells import CSV_FORMATTERS, Kind

    assert CSV_FORMATTERS[Kind.DATE](datetime.date(2021, 8, 1)) == "01/08/2021"
    assert CSV_FORMATTERS[Kind.DECIMAL](Decimal("130000000.00")) == "130000000,00"


def test_xlsx_has_typed_cells(admin_client, places):
    content = export(admin_client, "export_xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == PLACE_EXPORT.keys
    by_slug = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    wip = by_slug["le-wip"]
    assert wip["latitude"] == pytest.approx(49.1923892)
    assert wip["longitude"] == pytest.approx(-0.3074549)
    assert wip["types"] == "Coworking | Fablab"
    assert wip["annee_ouverture"] == 2019
    assert wip["publie_le"].year >= 2020  # a real date cell, shown JJ/MM/AAAA HH:MM
    date_cell = next(cell for cell in sheet[2] if cell.is_date)
    assert date_cell.number_format == "DD/MM/YYYY HH:MM"


def test_json_keeps_types_and_lists(admin_client, places):
    data = json.loads(export(admin_client, "export_json"))
    wip = next(item for item in data if item["identifiant"] == "le-wip")
    assert list(wip) == PLACE_EXPORT.keys
    assert wip["types"] == ["Coworking", "Fablab"]
    assert wip["latitude"] == 49.1923892
    assert wip["annee_approximative"] is False
    assert wip["publie_le"].startswith("20") and "T" in wip["publie_le"]
    assert len(data) == 2


def test_geojson_has_points_with_the_main_fields(admin_client, places):
    data = json.loads(export(admin_client, "export_geojson"))
    assert data["type"] == "FeatureCollection"
    features = {feature["properties"]["identifiant"]: feature for feature in data["features"]}
    wip = features["le-wip"]
    assert wip["type"] == "Feature"
    assert wip["geometry"] == {"type": "Point", "coordinates": [-0.3074549, 49.1923892]}
    assert list(wip["properties"]) == list(PLACE_EXPORT.geojson_properties)
    assert wip["properties"]["types"] == ["Coworking", "Fablab"]
    # A place without coordinates keeps its row, with no geometry (RFC 7946).
    assert features["fab-lab-ajaccio"]["geometry"] is None


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_no_formula_can_run_from_csv_or_xlsx(admin_client, start):
    payload = f'{start}HYPERLINK("http://example.org";"clic")'
    factories.place(name=payload, summary=f"{start}1+1", slug="piege")

    (row,) = csv_rows(export(admin_client, "export_csv"))
    assert row["nom"] == "'" + payload
    assert row["resume"] == f"'{start}1+1"

    sheet = openpyxl.load_workbook(io.BytesIO(export(admin_client, "export_xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    name_cell = sheet[2][header.index("nom")]
    # XML turns a raw carriage return into a line feed on reading: compare around it.
    assert name_cell.value[0] == "'"
    assert name_cell.value[2:] == payload[1:]
    assert name_cell.data_type == "s"  # a string, never a formula
    assert sheet[2][header.index("resume")].value[0] == "'"


def test_exports_keep_the_changelist_filters_and_search(admin_client, places):
    paris = factories.place(name="Anticafé", department=Department.objects.get(code="75"))
    calvados = Department.objects.get(code="14")
    rows = csv_rows(
        export(admin_client, "export_csv", query=f"?department__id__exact={calvados.pk}")
    )
    assert [row["identifiant"] for row in rows] == ["le-wip"]
    rows = csv_rows(export(admin_client, "export_csv", query="?q=anticaf"))
    assert [row["nom"] for row in rows] == [paris.name]
    fablab = PlaceKind.objects.get(slug="fablab")
    rows = csv_rows(export(admin_client, "export_csv", query=f"?kinds__id__exact={fablab.pk}"))
    assert [row["identifiant"] for row in rows] == ["le-wip"]


def test_manual_selection_exports_only_the_ticked_rows(admin_client, places):
    rows = csv_rows(export(admin_client, "export_csv", {"_selected_action": [places["corse"].pk]}))
    assert [row["identifiant"] for row in rows] == ["fab-lab-ajaccio"]


def bulk_places(count, department_code="14"):
    department = Department.objects.get(code=department_code)
    coworking = PlaceKind.objects.get(slug="coworking")
    rows = [
        Place(
            name=f"Lieu {department_code}-{number:05d}",
            slug=f"lieu-{department_code}-{number}",
            department=department,
            status=Status.PUBLISHED,
            published_at=factories.past(),
        )
        for number in range(count)
    ]
    for row in rows:
        row.refresh_search_text()
    created = Place.objects.bulk_create(rows)
    Place.kinds.through.objects.bulk_create(
        [Place.kinds.through(place_id=place.pk, placekind_id=coworking.pk) for place in created]
    )
    return created


def test_select_all_across_pages_exports_thousands_of_rows(admin_client, settings):
    bulk_places(2500)
    bulk_places(30, "75")
    calvados = Department.objects.get(code="14")
    # What the browser sends with "select all 2 500": the page's 100 ids and select_across.
    page_ids = list(Place.objects.filter(department=calvados).values_list("pk", flat=True)[:100])
    rows = csv_rows(
        export(
            admin_client,
            "export_csv",
            {"select_across": "1", "_selected_action": page_ids},
            query=f"?department__id__exact={calvados.pk}",
        )
    )
    assert len(rows) == 2500
    assert {row["types"] for row in rows} == {"Coworking"}
    assert len({row["identifiant"] for row in rows}) == 2500
    log = ExportLog.objects.get()
    assert (log.row_count, log.format) == (2500, "csv")
    assert log.query == f"department__id__exact={calvados.pk}"


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx", "export_json", "export_geojson"])
@pytest.mark.parametrize("count", [5, 60])
def test_export_queries_do_not_grow_with_rows(
    admin_client, django_assert_num_queries, action, count
):
    # Pinned: session, user, the changelist's filter choices (kinds, regions, departments,
    # datasets: twice) and two counts, the export log's content type, the export's count and
    # log insert, the rows, then one query per related list (kinds, services, provenance) per
    # chunk.
    bulk_places(count)
    data = select_all()
    with django_assert_num_queries(19):
        export(admin_client, action, data)


def test_related_lists_are_fetched_per_chunk_not_per_row(
    admin_client, django_assert_num_queries, monkeypatch
):
    from exports import columns

    monkeypatch.setattr(columns, "CHUNK_SIZE", 10)
    bulk_places(25)
    data = select_all()
    # Three chunks of 10, 10 and 5 rows: three related queries each, none per row.
    with django_assert_num_queries(16 + 3 * 3):
        rows = csv_rows(export(admin_client, "export_csv", data))
    assert len(rows) == 25


def staff_with(*codenames):
    user = factories.user(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_exporting_needs_its_own_permission(client, places):
    client.force_login(staff_with("view_place", "change_place"))
    response = client.get(CHANGELIST)
    assert "export_csv" not in response.content.decode()
    response = client.post(CHANGELIST, {"action": "export_csv", "index": "0", **select_all()})
    assert "Content-Disposition" not in response
    assert not ExportLog.objects.exists()


def test_editors_may_export_and_each_export_is_logged(editor_client, editor, places):
    content = export(editor_client, "export_json")
    assert len(json.loads(content)) == 2
    log = ExportLog.objects.get()
    assert (log.user, log.username, log.format, log.row_count) == (editor, "editrice", "json", 2)
    assert log.content_type == ContentType.objects.get_for_model(Place)
    assert log.created_at is not None


def test_export_log_is_read_only_in_the_admin(admin_client, editor_client, places):
    export(admin_client, "export_csv")
    log = ExportLog.objects.get()
    assert admin_client.get(reverse("admin:exports_exportlog_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:exports_exportlog_add")).status_code == 403
    response = admin_client.get(reverse("admin:exports_exportlog_change", args=[log.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert (
        admin_client.post(reverse("admin:exports_exportlog_delete", args=[log.pk])).status_code
        == 403
    )


def utc(*parts):
    return datetime.datetime(*parts, tzinfo=datetime.timezone.utc)


def test_csv_bytes_are_pinned(django_assert_num_queries):
    """The whole file, byte for byte: every column kind, quoting, each formula character,
    NULLs, trailing zeros, and local times on both sides of the daylight-saving changes."""
    dataset = Dataset.objects.create(
        slug="cget-tiers-lieux-2019", title="Tiers-lieux 2019", licence="Licence Ouverte 2.0"
    )
    wip = factories.place(
        name="Le WIP",
        slug="le-wip",
        summary="Coworking sur l'ancien site de la SMN",
        street_address='Rue "Alfred Kastler"; bât. B',
        postcode="14460",
        commune_name="Colombelles",
        commune_code="14167",
        latitude=Decimal("49.1900000"),
        longitude=Decimal("-0.3000000"),
        website="https://www.le-wip.com",
        surface_m2=800,
        year_opened=2019,
        year_opened_is_approximate=True,
        description="Première ligne\nseconde ligne",
        kinds=[PlaceKind.objects.get(slug="fablab"), PlaceKind.objects.get(slug="coworking")],
        services=[factories.service(name="Cafétéria"), factories.service(name="Bureaux")],
    )
    trap = factories.draft_place(
        name='=HYPERLINK("http://example.org";"clic")',
        slug="-piege",
        summary="+33 2 31 00 00 00",
        street_address="@rue",
        department=Department.objects.get(code="2A"),
        description="\rRetour",
        history="-1",
        lifecycle=Lifecycle.PLANNED,
    )
    paris = factories.place(
        name="Tour",
        slug="tour",
        department=Department.objects.get(code="75"),
        latitude=Decimal("48.8566000"),
        longitude=Decimal("2.3522000"),
        surface_m2=1,
        year_opened=1800,
        lifecycle=Lifecycle.CLOSED,
        closed_on=datetime.date(2020, 3, 1),
        closed_on_precision=DatePrecision.MONTH,
        closure_reason="Fin du bail; déménagement",
        kinds=[PlaceKind.objects.get(slug="atelier-partage")],
        services=[factories.service(name="@Accueil")],
    )
    # Not through save(): the commune has no validator for a tab, and `auto_now` would win.
    Place.objects.filter(pk=trap.pk).update(
        commune_name="\tAjaccio", updated_at=utc(2025, 3, 30, 0, 59, 59, 999999)
    )
    # 02:30 twice in Paris: summer time, then winter time an hour later.
    Place.objects.filter(pk=wip.pk).update(
        published_at=utc(2025, 10, 26, 0, 30), updated_at=utc(2025, 10, 26, 1, 30)
    )
    Place.objects.filter(pk=paris.pk).update(
        published_at=utc(2025, 3, 30, 1, 0), updated_at=utc(2024, 12, 31, 23, 30)
    )
    for place, row_id in [(wip, "1500"), (paris, "3"), (paris, "12")]:
        Provenance.objects.create(
            place=place,
            dataset=dataset,
            row_id=row_id,
            first_imported_at=utc(2025, 1, 1),
            last_imported_at=utc(2025, 1, 1),
        )

    response = PLACE_EXPORT.response(
        Place.objects.order_by("pk"),
        "csv",
        context=ExportContext("https://tiers-lieux.example.org"),
        filename="lieux",
    )
    # The rows, then kinds, services and provenance: one query each for this single chunk.
    with django_assert_num_queries(4):
        content = b"".join(response.streaming_content)

    assert (
        content
        == (
            "\ufeffidentifiant;nom;types;resume;adresse;code_postal;commune;code_commune;"
            "departement_code;departement;region;latitude;longitude;site_web;surface_m2;"
            "annee_ouverture;annee_approximative;etat;date_ouverture;date_fermeture;"
            "raison_fermeture;services;description;histoire;statut;publie_le;"
            "modifie_le;provenance;url\r\n"
            "le-wip;Le WIP;Coworking | Fablab;Coworking sur l'ancien site de la SMN;"
            '"Rue ""Alfred Kastler""; bât. B";14460;Colombelles;14167;14;Calvados;Normandie;'
            "49,1900000;-0,3000000;https://www.le-wip.com;800;2019;oui;ouvert;2019;;;"
            "Bureaux | Cafétéria;"
            '"Première ligne\nseconde ligne";;publié;26/10/2025 02:30;26/10/2025 02:30;'
            "cget-tiers-lieux-2019:1500;https://tiers-lieux.example.org/lieux/le-wip/\r\n"
            '\'-piege;"\'=HYPERLINK(""http://example.org"";""clic"")";;\'+33 2 31 00 00 00;'
            "'@rue;;'\tAjaccio;;2A;Corse-du-Sud;Corse;;;;;;non;en projet;;;;;\"'\rRetour\";'-1;"
            "brouillon;;"
            "30/03/2025 01:59;;https://tiers-lieux.example.org/lieux/-piege/\r\n"
            "tour;Tour;Atelier partagé / manufacture de proximité;;;;;;75;Paris;Île-de-France;"
            '48,8566000;2,3522000;;1;1800;non;fermé;1800;2020-03;"Fin du bail; déménagement";'
            "'@Accueil;;;publié;30/03/2025 03:00;"
            "01/01/2025 00:30;cget-tiers-lieux-2019:12 | cget-tiers-lieux-2019:3;"
            "https://tiers-lieux.example.org/lieux/tour/\r\n"
        ).encode()
    )
