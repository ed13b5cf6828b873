"""Address reconciliation against the real commune table: what each field says about the
department, what is corrected, what is rejected and how it is said in French."""

from decimal import Decimal

import pytest

from places.communes.directory import (
    CORRECTION_LABELS,
    AddressInput,
    CommuneDirectory,
)
from places.models import Department

# Every test counts as a database test: pytest-django runs the others after transactional
# tests, which empty the commune table.
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
