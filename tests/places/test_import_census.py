import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from content.models import Status
from places.imports.reading import read_table
from places.imports.service import run
from places.models import Dataset, Lifecycle, Place, PlaceKind, Provenance

pytestmark = pytest.mark.django_db

EXCERPT = Path(__file__).parent / "data" / "cget-excerpt.csv"
HEADER = EXCERPT.read_text("utf-8").splitlines()[0]
# Row 1 of the census, ADE Coworking in Nantes: a clean row the bad-row tests damage.
ADE = EXCERPT.read_text("utf-8").splitlines()[1]


def excerpt():
    return EXCERPT.read_text("utf-8")


def cget(text, **options):
    return run(text.encode("utf-8"), "cget.csv", file_format="cget", **options)


def imported(row_id):
    return Place.objects.get(provenances__row_id=row_id)


def kinds_of(place):
    return sorted(place.kinds.values_list("slug", flat=True))


def snapshot():
    return {
        "places": list(Place.objects.order_by("pk").values()),
        "kinds": list(Place.kinds.through.objects.order_by("pk").values()),
        "provenances": list(Provenance.objects.order_by("pk").values()),
    }


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def counts(report):
    return {outcome: count for outcome, count in report.counts.items() if count}


def test_excerpt_of_the_census_is_mapped_onto_places(demo):
    report = cget(excerpt(), duplicates="attach")

    assert report.applied
    assert counts(report) == {"create": 22, "update": 1}
    ade = imported("1")
    assert (ade.name, ade.street_address, ade.postcode) == (
        "ADE Coworking",
        "9 Rue du Petit Châtelier",
        "44300",
    )
    assert (ade.commune_name, ade.commune_code, ade.department.code) == ("Nantes", "44109", "44")
    assert (ade.latitude, ade.longitude) == (Decimal("47.245935"), Decimal("-1.505602"))
    assert ade.website == "https://www.ade-coworking.net"
    assert kinds_of(ade) == ["coworking"]
    assert ade.is_published()
    # The census lists places that were open when it was taken.
    assert ade.get_lifecycle_display() == "ouvert"
    assert not Place.objects.exclude(lifecycle=Lifecycle.OPEN).exists()
    assert ade.search_text == "ade coworking nantes 44300 9 rue du petit chatelier"
    provenance = ade.provenances.get()
    assert provenance.dataset.attribution == "CGET – Mission Coworking, 2019"
    assert provenance.dataset.licence == "Licence Ouverte 2.0"
    assert provenance.first_imported_at is not None
    assert kinds_of(imported("1119")) == ["fablab"]
    # Facebook pages stay the place's website.
    assert imported("130").website == "https://www.facebook.com/La-Cofabrik-494425774071290/"


@pytest.mark.parametrize(
    ("row_id", "department", "region"),
    [
        ("1211", "971", "Guadeloupe"),  # census says 973
        ("1328", "972", "Martinique"),  # census says 973
        ("1274", "973", "Guyane"),
        ("1291", "974", "La Réunion"),  # census says 2A
        ("453", "2B", "Corse"),
        ("777", "2A", "Corse"),
        ("301", "29", "Bretagne"),  # empty region in the census
        ("57", "78", "Île-de-France"),  # census says 92, commune code and postcode say 78
    ],
)
def test_overseas_corsica_and_wrong_departments_end_up_consistent(row_id, department, region):
    cget(excerpt(), skip_invalid=True)
    place = imported(row_id)
    assert place.department.code == department
    assert place.department.region.name == region
    place.full_clean()  # the stored combination is a possible one


def test_corrections_are_listed_in_the_report():
    report = cget(excerpt(), skip_invalid=True, dry_run=True)
    messages = {row.key: [message for _kind, message in row.corrections] for row in report.rows}
    assert messages["1211"][0] == (
        "Département 973 (Guyane) corrigé en 971 (Guadeloupe) d'après la commune "
        "« Baie-Mahault », le code postal 97129 et les coordonnées."
    )
    assert messages["100"][0] == (
        "Commune « Saint-Ouen » écartée : « Paris » s'accorde avec le reste."
    )
    assert messages["240"] == ["Site web « en cours » ignoré : ce n'est pas une adresse web."]
    assert report.correction_counts()["department_corrected"] == 4


def test_communes_are_resolved_from_the_official_list_whatever_the_spelling():
    cget(excerpt(), skip_invalid=True)
    verniolle = imported("1045")  # COMINIT "VERNIOLLE", no commune code, no postcode
    assert (verniolle.commune_name, verniolle.commune_code, verniolle.postcode) == (
        "Verniolle",
        "09332",
        "09340",
    )
    assert verniolle.commune.code == "09332"
    # The commune code named Saint-Ouen; the row said Paris, 75018: the 18th arrondissement.
    paris = imported("100")
    assert (paris.commune_name, paris.commune_code, paris.postcode) == (
        "Paris 18e Arrondissement",
        "75118",
        "75018",
    )
    # No commune at all: the commune the CGET found the point in (NOMCOMMETRO).
    wip = imported("1500")
    assert (wip.commune_name, wip.commune_code, wip.postcode) == ("Colombelles", "14167", "14460")


def test_empty_typology_means_no_kind_and_broken_text_is_repaired():
    cget(excerpt(), skip_invalid=True)
    assert kinds_of(imported("1510")) == []
    assert imported("913").name == "ROCHER concept | Coworking"
    assert imported("240").website == ""


def test_duplicate_names_in_one_commune_get_distinct_slugs():
    cget(excerpt(), skip_invalid=True)
    anticafes = Place.objects.filter(name="Anticafé", department__code="75")
    assert sorted(anticafes.values_list("slug", flat=True)) == [
        "anticafe",
        "anticafe-paris-3e-arrondissement",
    ]
    assert Place.objects.filter(search_text__startswith="onzieme lieu paris").count() == 2


def test_row_1500_is_a_probable_duplicate_of_the_demo_wip(demo):
    report = cget(excerpt(), dry_run=True)
    row = next(row for row in report.rows if row.key == "1500")
    assert row.outcome == "duplicate"
    assert row.candidates[0]["slug"] == "le-wip"
    assert row.candidates[0]["reasons"] == ["même nom", "même commune"]


def test_row_1500_attached_completes_the_demo_wip_instead_of_duplicating_it(demo):
    report = cget(excerpt(), duplicates="attach")
    wip = Place.objects.get(name="Le WIP")  # one, not two
    assert wip.slug == "le-wip"
    assert wip.provenances.get().row_id == "1500"
    # Only what the demo place lacked comes from the census; its own facts stay.
    assert (wip.latitude, wip.longitude) == (Decimal("49.1923892"), Decimal("-0.3074549"))
    assert (wip.postcode, wip.commune_code, wip.year_opened) == ("14460", "14167", 2019)
    assert (wip.lifecycle, wip.opened.iso) == (Lifecycle.OPEN, "2019")
    row = next(row for row in report.rows if row.key == "1500")
    assert row.outcome == "update"
    assert "Rattaché au lieu « Le WIP »" in row.notes[0]


def test_without_the_demo_row_1500_becomes_a_place_in_colombelles():
    cget(excerpt(), skip_invalid=True)
    wip = imported("1500")
    assert (wip.commune_name, wip.commune_code, wip.department.code) == (
        "Colombelles",
        "14167",
        "14",
    )


def test_sictiam_keeps_its_department_and_loses_a_commune_code_from_the_calvados():
    report = cget(excerpt(), skip_invalid=True)
    sictiam = imported("1460")
    # Declared department and coordinates agree on the Alpes-Maritimes; 14327 is in the
    # Calvados. "Sophia Antipolis" is a technopole, not a commune: the commune the CGET found
    # the point in (NOMCOMMETRO) is Valbonne, where the technopole lies.
    assert (sictiam.department.code, sictiam.commune_code, sictiam.commune_name) == (
        "06",
        "06152",
        "Valbonne",
    )
    row = next(row for row in report.rows if row.key == "1460")
    kinds = [kind for kind, _message in row.corrections]
    assert kinds[:2] == ["commune_removed", "commune_code_corrected"]


def with_bad_row():
    """The excerpt and one row nothing can place: no commune, no postcode, department 99."""
    bad_row = with_fields(
        ID="9999",
        INSEEDEP="99",
        CP="0",
        INSEECOM="0",
        NOMCOM="",
        COMINIT="",
        NOMCOMMETRO="",
        LAT="",
        LONG="",
    )
    return f"{excerpt()}{bad_row}\n"


def test_one_bad_row_refuses_the_whole_file_by_default():
    report = cget(with_bad_row())
    assert report.refused and not report.applied
    (row,) = report.rejected
    assert (row.line, row.key) == (25, "9999")
    assert report.counts["create"] == 23  # the full report, for what would have happened
    assert not Place.objects.exists()
    assert not Dataset.objects.exists()


def test_dry_run_writes_nothing():
    before = snapshot()
    report = cget(excerpt(), skip_invalid=True, dry_run=True)
    assert report.counts["create"] == 23
    assert not report.applied
    assert snapshot() == before
    assert not Dataset.objects.exists()


def test_second_run_creates_nothing_and_reports_every_row_unchanged(demo):
    cget(excerpt(), duplicates="attach")
    before = snapshot()
    report = cget(excerpt())
    assert counts(report) == {"unchanged": 23}
    assert report.changes_nothing
    assert snapshot() == before


def test_a_changed_row_is_updated_not_duplicated():
    cget(excerpt(), skip_invalid=True)
    count = Place.objects.count()
    changed = excerpt().replace("9 Rue du Petit Châtelier", "11 Rue du Petit Châtelier")
    # An empty cell means "unknown": the website stays.
    report = cget(changed.replace(",www.ade-coworking.net,", ",,"), skip_invalid=True)
    assert report.counts["update"] == 1
    ade = imported("1")
    assert (ade.street_address, ade.website) == (
        "11 Rue du Petit Châtelier",
        "https://www.ade-coworking.net",
    )
    assert ade.search_text.endswith("11 rue du petit chatelier")
    assert Place.objects.count() == count


def test_a_place_edited_by_staff_is_not_overwritten_and_the_report_says_so():
    cget(excerpt(), skip_invalid=True)
    ade = imported("1")
    ade.name = "ADE Coworking Nantes"  # an editor's fix, through the model's save()
    ade.save()

    assert cget(excerpt(), skip_invalid=True).counts["unchanged"] == 23

    changed = excerpt().replace("ADE Coworking,9 Rue du Petit Châtelier", "ADE,10 Rue Kervégan")
    report = cget(changed, skip_invalid=True)
    row = next(row for row in report.rows if row.key == "1")
    assert row.outcome == "update"
    assert row.notes[0] == (
        "Nom modifié sur le site depuis l'import : la valeur du fichier « ADE » n'est pas "
        "appliquée, celle du site « ADE Coworking Nantes » est gardée."
    )
    ade.refresh_from_db()
    assert (ade.name, ade.street_address) == ("ADE Coworking Nantes", "10 Rue Kervégan")
    # Said once: the next run of the same file has nothing new to say.
    assert cget(changed, skip_invalid=True).counts["unchanged"] == 23


def test_a_place_deleted_by_staff_is_not_brought_back():
    cget(excerpt(), skip_invalid=True)
    imported("1").delete()
    report = cget(excerpt(), skip_invalid=True)
    row = next(row for row in report.rows if row.key == "1")
    assert row.outcome == "kept"
    assert "supprimé sur le site" in row.notes[0]
    assert not Place.objects.filter(name="ADE Coworking").exists()


def test_staff_unpublishing_an_imported_place_sticks():
    cget(excerpt(), skip_invalid=True)
    Place.objects.filter(provenances__row_id="1").update(status=Status.DRAFT)
    cget(excerpt().replace("9 Rue du Petit", "7 Rue du Petit"), skip_invalid=True)
    assert imported("1").status == Status.DRAFT


def bad(row):
    return f"{HEADER}\n{row}\n"


def with_fields(**changes):
    """Row 1 with some census columns replaced."""
    names = HEADER.split(",")
    values = next(csv.reader([ADE]))
    for name, value in changes.items():
        values[names.index(name)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"NOM_TL": "  "}, "Nom du lieu absent."),
        ({"NOM_TL": "x" * 201}, "Nom du lieu : Assurez-vous que cette valeur comporte au plus"),
        ({"ID": ""}, "Identifiant (colonne ID) absent."),
        ({"CP": "44A00"}, "Code postal « 44A00 » invalide : cinq chiffres attendus."),
        ({"INSEECOM": "441090"}, "Code commune « 441090 » invalide"),
        ({"LAT": "quarante-sept"}, "Coordonnées illisibles : « quarante-sept », « -1.505602 »."),
        ({"LONG": ""}, "Latitude et longitude vont ensemble : l'une des deux manque."),
        ({"LAT": "147.2"}, "Coordonnées impossibles : (147.2, -1.505602)."),
        (
            {"TYPO": "Tiers lieux à dominante brasserie"},
            "Types de lieu : « Tiers lieux à dominante brasserie » inconnu",
        ),
        (
            {
                "INSEEDEP": "99",
                "CP": "0",
                "INSEECOM": "0",
                "NOMCOM": "",
                "COMINIT": "",
                "NOMCOMMETRO": "",
                "LAT": "",
                "LONG": "",
            },
            "Le département « 99 » n'existe pas.",
        ),
        (
            # The commune code says Nantes, the postcode and the department the Calvados.
            {"INSEEDEP": "14", "CP": "14000", "NOMCOM": "", "COMINIT": "", "LAT": "", "LONG": ""},
            "Adresse contradictoire : le code commune 44109 désigne 44 (Loire-Atlantique)",
        ),
    ],
)
def test_each_kind_of_bad_row_is_rejected_with_a_french_reason(changes, reason):
    report = cget(bad(with_fields(**changes)))
    (row,) = report.rejected
    assert row.line == 2
    assert any(message.startswith(reason) for message in row.reasons), row.reasons
    assert report.refused
    assert not Place.objects.exists()


def test_a_repeated_row_id_is_rejected_with_the_line_of_the_first():
    report = cget(f"{HEADER}\n{ADE}\n{ADE}\n")
    assert report.rejected[0].reasons == ["Identifiant « 1 » déjà utilisé ligne 2."]
    assert report.rejected[0].line == 3


@pytest.mark.parametrize(
    ("changes", "field", "value", "kind"),
    [
        # An overseas postcode in a mainland department is never stored.
        ({"CP": "97400"}, "postcode", "", "postcode_removed"),
        ({"LAT": "-21.1", "LONG": "55.5"}, "latitude", None, "coordinates_removed"),
        ({"INSEEDEP": ""}, "department", "44", "department_completed"),
        ({"INSEEDEP": "14"}, "department", "44", "department_corrected"),
        ({"INSEECOM": "0", "CP": "0"}, "commune_code", "44109", None),
        ({"CP": "1000", "INSEECOM": "01053", "INSEEDEP": "01"}, "postcode", "01000", None),
        ({"WEB": "Site : www.ade-coworking.net"}, "website", "https://www.ade-coworking.net", None),
    ],
)
def test_fields_that_disagree_with_the_others_are_corrected(changes, field, value, kind):
    report = cget(bad(with_fields(**changes)))
    assert report.applied, report.rows[0].reasons
    place = imported("1")
    stored = place.department.code if field == "department" else getattr(place, field)
    assert stored == value
    if kind:
        assert kind in [k for k, _message in report.rows[0].corrections]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Le fichier est vide."),
        ("ID,NOM_TL\n1,Lieu\n", "Colonnes absentes du fichier : ADRESSE, CP"),
        (HEADER + "\n", "Le fichier ne contient que la ligne d'en-tête"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(text, error):
    report = cget(text, skip_invalid=True)
    assert report.file_errors[0].startswith(error)
    assert report.refused


def test_binary_files_are_refused_before_reading():
    report = run(b"PK\x03\x04\x00\x00binary", "lieux.csv", file_format="cget")
    assert report.refused and "ZIP" in report.file_errors[0]


def test_windows_1252_files_are_read():
    table = read_table("Châtelier;Mémé\nA;B\n".encode("cp1252"))
    assert table.header == ["Châtelier", "Mémé"]


def test_the_census_imports_in_a_few_queries(django_assert_max_num_queries):
    # Bulk operations: the count does not depend on the number of rows.
    with django_assert_max_num_queries(30):
        cget(excerpt(), skip_invalid=True)


# --- The command ------------------------------------------------------------------------------


def test_command_refuses_a_file_with_a_bad_row_and_prints_the_report(tmp_path):
    path = tmp_path / "cget.csv"
    path.write_text(with_bad_row(), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="Fichier refusé"):
        call_command("import_places", path, format="cget", stdout=out)
    text = out.getvalue()
    assert "à créer : 23" in text
    assert "Ligne 25 (ADE Coworking) rejetée :" in text
    assert not Place.objects.exists()


def test_command_with_skip_invalid_loads_the_others_then_is_idempotent():
    out = io.StringIO()
    call_command("import_places", EXCERPT, format="cget", skip_invalid=True, stdout=out)
    assert "créés : 23" in out.getvalue()
    assert Place.objects.count() == 23
    out = io.StringIO()
    call_command("import_places", EXCERPT, format="cget", skip_invalid=True, stdout=out)
    assert "inchangés : 23" in out.getvalue()
    assert "créés : 0" in out.getvalue()
    assert "Aucun changement" in out.getvalue()


def test_command_dry_run_changes_nothing():
    out = io.StringIO()
    call_command(
        "import_places", EXCERPT, format="cget", skip_invalid=True, dry_run=True, stdout=out
    )
    assert out.getvalue().startswith(
        "Aperçu (rien n'est écrit) — CGET – Mission Coworking, base des tiers-lieux 2019 : "
        "23 lignes lues."
    )
    assert not Place.objects.exists()


def test_command_explains_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_places", tmp_path / "absent.csv", format="cget")


def test_the_shipped_census_is_the_one_the_tests_sample():
    census = Path(__file__).parents[2] / "data" / "cget-tiers-lieux-2019.csv"
    lines = census.read_text("utf-8").splitlines()
    assert len(lines) == 1513
    for line in excerpt().splitlines()[1:]:
        assert line in lines
    licence = (census.parent / "README.md").read_text("utf-8")
    assert "CGET – Mission Coworking, base des tiers-lieux 2019" in licence
    assert "Licence Ouverte" in licence


def test_public_page_of_an_imported_place_shows_the_attribution(client):
    cget(excerpt(), skip_invalid=True)
    response = client.get(imported("1").get_absolute_url())
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    assert "Source : CGET – Mission Coworking, 2019, Licence Ouverte 2.0." in text


def test_footer_keeps_the_census_attribution(client):
    text = re.sub(r"<[^>]+>", "", client.get("/lieux/").content.decode())
    assert "CGET – Mission Coworking, base des tiers-lieux 2019" in text


def test_a_kind_the_site_no_longer_has_is_explained():
    PlaceKind.objects.filter(slug="fablab").update(slug="fab-lab", name="Fab lab")
    report = cget(excerpt())
    assert report.refused
    assert report.rejected[0].reasons[0].startswith("Types de lieu : « fablab » inconnu")
    assert not Place.objects.exists()
