"""Rows that may describe a place already on the site: held until staff choose, then
remembered."""

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains

from places.imports import report as outcomes
from places.imports.builtin import CGET_DATASET
from places.models import Dataset, Place, Provenance
from tests import factories
from tests.places.import_files import import_regional

pytestmark = pytest.mark.django_db


@pytest.fixture
def census_place():
    """ "Dot Parade" as the 2019 census has it, in Nantes, with its provenance."""
    place = factories.place(
        name="Dot Parade",
        slug="dot-parade",
        department=factories.department("44"),
        commune_code="44109",
        commune_name="Nantes",
        postcode="44000",
        summary="",
    )
    dataset = Dataset.objects.create(**CGET_DATASET)
    Provenance.objects.create(
        place=place,
        dataset=dataset,
        row_id="42",
        first_imported_at=factories.past(),
        last_imported_at=factories.past(),
        values={"name": "Dot Parade"},
    )
    return place


def dot_row(report):
    return next(row for row in report.rows if row.name == "Dot Parade Nantes")


def test_a_probable_duplicate_is_held_in_the_dry_run_beside_its_candidate(census_place):
    report = import_regional(dry_run=True)
    row = dot_row(report)
    assert row.outcome == outcomes.DUPLICATE
    assert row.candidates[0]["place_id"] == census_place.pk
    assert row.candidates[0]["name"] == "Dot Parade"
    assert report.counts[outcomes.CREATE] == 3
    assert report.counts[outcomes.DUPLICATE] == 1


def test_held_rows_are_not_created_and_come_back_at_the_next_import(census_place):
    import_regional()
    assert Place.objects.filter(name__startswith="Dot Parade").count() == 1
    report = import_regional()
    assert dot_row(report).outcome == outcomes.DUPLICATE


def test_attaching_adds_a_provenance_fills_empty_fields_and_is_remembered(census_place, client):
    report = import_regional(
        decisions={dot_row(import_regional(dry_run=True)).key: (f"attach:{census_place.pk}")}
    )
    assert dot_row(report).outcome == outcomes.UPDATE
    census_place.refresh_from_db()
    assert census_place.name == "Dot Parade"  # not renamed
    assert census_place.website == "https://dotparade.fr"  # was empty: filled
    assert census_place.street_address == "3 rue de la Paix"
    datasets = sorted(census_place.provenances.values_list("dataset__slug", flat=True))
    assert datasets == ["cget-tiers-lieux-2019", "reseau-regional-2025"]
    assert Place.objects.filter(name__startswith="Dot Parade").count() == 1
    # The public page credits each dataset with its licence.
    page = client.get(census_place.get_absolute_url())
    assertContains(page, "CGET – Mission Coworking, 2019")
    assertContains(page, "Réseau régional des tiers-lieux, 2025")
    # Remembered: the next import knows the row.
    again = import_regional()
    assert dot_row(again).outcome == outcomes.UNCHANGED


def test_skipping_is_remembered(census_place):
    key = dot_row(import_regional(dry_run=True)).key
    report = import_regional(decisions={key: "skip"})
    assert dot_row(report).outcome == outcomes.SKIPPED
    assert Provenance.objects.get(row_id=key).skipped
    assert dot_row(import_regional()).outcome == outcomes.SKIPPED
    assert Place.objects.filter(name__startswith="Dot Parade").count() == 1


def test_creating_a_new_place_is_remembered(census_place):
    key = dot_row(import_regional(dry_run=True)).key
    report = import_regional(decisions={key: "create"})
    assert dot_row(report).outcome == outcomes.CREATE
    assert Place.objects.filter(name__startswith="Dot Parade").count() == 2
    assert dot_row(import_regional()).outcome == outcomes.UNCHANGED


def test_the_command_lists_duplicates_and_takes_decisions(census_place, tmp_path, capsys):
    import json

    from tests.places.import_files import REGIONAL_MAPPING, regional_file

    data = tmp_path / "liste.csv"
    data.write_bytes(regional_file())
    mapping = tmp_path / "correspondance.json"
    mapping.write_text(json.dumps(REGIONAL_MAPPING), encoding="utf-8")
    call_command("import_places", str(data), "--mapping", str(mapping), "--dry-run")
    out = capsys.readouterr().out
    assert "doublons probables, en attente d'un choix : 1" in out
    assert "doublon probable de" in out and "Dot Parade (Nantes), identifiant dot-parade" in out
    key = dot_row(import_regional(dry_run=True)).key
    call_command(
        "import_places",
        str(data),
        "--mapping",
        str(mapping),
        "--decide",
        f"{key}=attach:dot-parade",
    )
    assert Provenance.objects.filter(place=census_place).count() == 2


def test_exact_duplicates_can_be_attached_in_bulk_from_the_command(census_place, tmp_path):
    import json

    from tests.places.import_files import REGIONAL_MAPPING, regional_file

    data = tmp_path / "liste.csv"
    data.write_bytes(regional_file())
    mapping = tmp_path / "correspondance.json"
    mapping.write_text(json.dumps(REGIONAL_MAPPING), encoding="utf-8")
    call_command("import_places", str(data), "--mapping", str(mapping), "--duplicates", "attach")
    assert Provenance.objects.filter(place=census_place).count() == 2
