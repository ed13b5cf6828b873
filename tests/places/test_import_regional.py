"""A regional list loaded through a mapping, again and again, merged with what is there."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from places.imports import report as outcomes
from places.models import Dataset, Place, PlaceKind, Provenance
from tests import factories
from tests.places.import_files import (
    REGIONAL_HEADER,
    REGIONAL_MAPPING,
    csv_bytes,
    import_regional,
    regional_file,
    regional_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def outcome_of(report, name):
    return next(row for row in report.rows if row.name == name)


@pytest.fixture
def kinds():
    return {
        "coworking": PlaceKind.objects.get(slug="coworking"),
        "fablab": PlaceKind.objects.get(slug="fablab"),
    }


def test_a_regional_file_loads_through_its_mapping(kinds):
    report = import_regional()
    assert not report.refused, report.rejected and report.rejected[0].reasons
    assert report.counts[outcomes.CREATE] == 4
    angers = Place.objects.get(name="L’Atelier partagé d’Angers")
    # The combined address is split; #N/A means "unknown", the commune says Maine-et-Loire.
    assert (angers.street_address, angers.postcode) == ("12 boulevard Foch", "49100")
    assert (angers.commune_code, angers.commune_name, angers.department.code) == (
        "49007",
        "Angers",
        "49",
    )
    assert angers.commune.code == "49007"
    assert angers.website == "https://atelier-angers.example.org"
    assert list(angers.kinds.values_list("slug", flat=True)) == ["fablab"]
    cholet = Place.objects.get(name="Fabrique de Cholet")
    assert sorted(cholet.kinds.values_list("slug", flat=True)) == ["coworking", "fablab"]
    assert cholet.is_published()
    provenance = Provenance.objects.get(place=angers)
    assert provenance.dataset.title == "Réseau régional des tiers-lieux, liste 2025"
    # The mapping is kept with the dataset, for the next version of the file.
    assert Dataset.objects.get(slug="reseau-regional-2025").mapping["columns"]["nom"] == (
        "NOM DU LIEU"
    )


def test_a_sarthe_postcode_filed_under_the_vendee_is_corrected_and_reported(kinds):
    report = import_regional()
    le_mans = Place.objects.get(name="Le Mans Coworking")
    assert (le_mans.department.code, le_mans.commune_code, le_mans.postcode) == (
        "72",
        "72181",
        "72000",
    )
    row = outcome_of(report, "Le Mans Coworking")
    assert any("85" in message and "72" in message for _kind, message in row.corrections)


def test_the_same_file_in_windows_1252_with_commas_and_as_xlsx_gives_the_same_places(kinds):
    import_regional(regional_file(encoding="cp1252", delimiter=","), name="liste.csv")
    first = sorted(Place.objects.values_list("name", "commune_code", "postcode"))
    report = import_regional(xlsx_bytes(REGIONAL_HEADER, regional_rows()), name="liste.xlsx")
    assert report.changes_nothing
    assert report.counts[outcomes.UNCHANGED] == 4
    assert sorted(Place.objects.values_list("name", "commune_code", "postcode")) == first


def test_a_second_import_of_the_same_file_changes_nothing_and_says_so(kinds):
    import_regional()
    before = list(Place.objects.order_by("pk").values())
    report = import_regional()
    assert report.counts[outcomes.UNCHANGED] == 4
    assert report.changes_nothing
    assert "aucun changement" in report.summary()
    assert list(Place.objects.order_by("pk").values()) == before


def test_the_report_shows_old_and_new_values_and_speaks_in_the_past_once_applied(kinds):
    import_regional()
    rows = regional_rows()
    rows[0][4] = "https://www.dotparade.fr/nouveau"
    preview = import_regional(regional_file(rows), dry_run=True)
    row = outcome_of(preview, "Dot Parade Nantes")
    assert row.outcome == outcomes.UPDATE
    assert row.changes == [["site web", "https://dotparade.fr", "https://www.dotparade.fr/nouveau"]]
    assert "1 à mettre à jour" in preview.summary()
    applied = import_regional(regional_file(rows))
    assert "1 mis à jour" in applied.summary()
    assert ("créés", 0) in applied.labelled_counts()


def test_empty_cells_never_erase_and_a_missing_column_keeps_the_kinds(kinds):
    import_regional()
    dot = Place.objects.get(name="Dot Parade Nantes")
    Place.objects.filter(pk=dot.pk).update(latitude=Decimal("47.2"), longitude=Decimal("-1.55"))
    rows = [row[:3] + row[4:5] for row in regional_rows()]
    for row in rows:
        row[3] = ""  # the website column is now empty
    mapping = json.loads(json.dumps(REGIONAL_MAPPING))
    del mapping["columns"]["types"], mapping["columns"]["description"]
    del mapping["values"]
    header = ["NOM DU LIEU", "ADRESSE", "DEPARTEMENT", "URL"]
    report = import_regional(csv_bytes(header, rows), mapping=mapping)
    assert report.counts[outcomes.UNCHANGED] == 4, [r.changes for r in report.rows]
    dot.refresh_from_db()
    assert dot.website == "https://dotparade.fr"
    assert (dot.latitude, dot.longitude) == (Decimal("47.2"), Decimal("-1.55"))
    assert list(dot.kinds.values_list("slug", flat=True)) == ["coworking"]


def test_a_column_that_erases_when_empty_says_so_in_the_mapping(kinds):
    import_regional()
    rows = regional_rows()
    rows[0][4] = ""
    mapping = {**REGIONAL_MAPPING, "options": {"erase_when_empty": ["site_web"]}}
    report = import_regional(regional_file(rows), mapping=mapping)
    assert outcome_of(report, "Dot Parade Nantes").changes == [
        ["site web", "https://dotparade.fr", ""]
    ]
    assert Place.objects.get(name="Dot Parade Nantes").website == ""


def test_staff_edits_are_kept_and_reported(kinds):
    import_regional()
    angers = Place.objects.get(name="L’Atelier partagé d’Angers")
    angers.description = "Texte réécrit par l'équipe."
    angers.save()
    rows = regional_rows()
    rows[1][5] = "Nouvelle description du réseau."
    report = import_regional(regional_file(rows))
    row = outcome_of(report, "L’Atelier partagé d’Angers")
    assert row.outcome == outcomes.KEPT
    assert "modifié sur le site depuis l'import" in row.notes[0]
    angers.refresh_from_db()
    assert angers.description == "Texte réécrit par l'équipe."


def test_a_name_that_slugifies_to_another_place_never_overwrites_it(kinds):
    saint_omer = factories.place(
        name="Dot Parade Nantes", slug="dot-parade-nantes", department=factories.department("62")
    )
    import_regional()
    saint_omer.refresh_from_db()
    assert saint_omer.department.code == "62" and not saint_omer.provenances.exists()
    nantes = Place.objects.get(name="Dot Parade Nantes", department__code="44")
    assert nantes.slug != "dot-parade-nantes"


def test_an_untranslated_value_is_refused_with_a_french_reason(kinds):
    rows = regional_rows()
    rows[0][3] = "Z"
    report = import_regional(regional_file(rows))
    assert report.refused and not Place.objects.exists()
    row = outcome_of(report, "Dot Parade Nantes")
    assert "« Z » inconnu" in row.reasons[0]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"columns": {}}, "quelle colonne donne chaque champ"),
        ({"columns": {"nom": "X", "couleur": "Y"}}, "Champ « couleur » inconnu"),
        ({"columns": {"adresse": "X"}}, "la colonne du nom"),
        ({"columns": {"nom": "X"}, "dataset": {"title": "T"}}, "obligatoire"),
        ({"columns": {"nom": "ABSENTE"}}, "Colonnes absentes du fichier : ABSENTE"),
        (
            {"columns": {"nom": "NOM DU LIEU"}, "values": {"nom": {}}},
            "types, services, statut et etat",
        ),
    ],
)
def test_bad_mappings_are_explained_in_french(kinds, mapping, message):
    report = import_regional(mapping=mapping)
    assert report.refused
    assert message in " ".join(report.file_errors)


def test_the_command_takes_a_mapping_file(kinds, tmp_path, capsys):
    data = tmp_path / "liste.csv"
    data.write_bytes(regional_file())
    mapping = tmp_path / "correspondance.json"
    mapping.write_text(json.dumps(REGIONAL_MAPPING), encoding="utf-8")
    call_command("import_places", str(data), "--mapping", str(mapping), "--dry-run")
    out = capsys.readouterr().out
    assert "Aperçu (rien n'est écrit) — Réseau régional des tiers-lieux, liste 2025" in out
    assert "à créer : 4" in out
    assert not Place.objects.exists()
    call_command("import_places", str(data), "--mapping", str(mapping))
    assert "créés : 4" in capsys.readouterr().out
    call_command("import_places", str(data), "--mapping", str(mapping))
    assert "Aucun changement" in capsys.readouterr().out


def test_the_command_explains_a_broken_mapping_file(tmp_path):
    data = tmp_path / "liste.csv"
    data.write_bytes(regional_file())
    mapping = tmp_path / "correspondance.json"
    mapping.write_text("{pas du json", encoding="utf-8")
    with pytest.raises(CommandError, match="n'est pas un JSON valide"):
        call_command("import_places", str(data), "--mapping", str(mapping))
