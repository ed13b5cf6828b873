"""A place's state, opening and closing read back from a file: the site's export first."""

import datetime

import pytest
from django.utils import timezone

from content.dates import DatePrecision
from places.imports import report as outcomes
from places.imports.mapping import MappingError, from_json, guess
from places.models import Lifecycle, Place
from tests import factories
from tests.places.import_files import REGIONAL_MAPPING, csv_bytes, import_regional
from tests.places.test_exports import export, select_all
from tests.places.test_roundtrip import tierslieux

pytestmark = pytest.mark.django_db

LIFECYCLE_FIELDS = (
    "lifecycle",
    "opened_on",
    "opened_on_precision",
    "closed_on",
    "closed_on_precision",
    "closure_reason",
)
HEADER = ["identifiant", "nom", "departement_code", "etat", "date_ouverture", "date_fermeture"]
HEADER += ["raison_fermeture"]


def lifecycles():
    return {
        place.slug: {name: getattr(place, name) for name in ("name", "status", *LIFECYCLE_FIELDS)}
        for place in Place.objects.all()
    }


def rows_file(*rows, header=HEADER):
    return csv_bytes(header, rows)


def reasons_of(report):
    return {row.line: row.reasons for row in report.rejected}


@pytest.fixture
def lives():
    """An open place known to the day, a planned one, a closed one known to the month."""
    next_year = timezone.localdate().year + 1
    places = [
        factories.place(
            name="Le WIP",
            slug="le-wip",
            opened_on=datetime.date(2019, 8, 12),
            opened_on_precision=DatePrecision.DAY,
        ),
        factories.draft_place(
            name="Projet de Bayeux",
            slug="projet-de-bayeux",
            lifecycle=Lifecycle.PLANNED,
            opened_on=datetime.date(next_year, 1, 1),
        ),
        factories.place(
            name="Ancien atelier",
            slug="ancien-atelier",
            lifecycle=Lifecycle.CLOSED,
            opened_on=datetime.date(2015, 1, 1),
            closed_on=datetime.date(2023, 3, 1),
            closed_on_precision=DatePrecision.MONTH,
            closure_reason="Fin du bail ; déménagement à Caen",
        ),
    ]
    # A published place cites a source: the export carries its dataset, the import restores it.
    for place in places:
        factories.provenance(place)
    return places


def test_an_export_imported_onto_an_empty_site_gives_back_each_place_s_life(admin_client, lives):
    before = lifecycles()
    content = export(admin_client, "export_csv", select_all())
    Place.objects.all().delete()

    report = tierslieux(content)

    assert report.applied, reasons_of(report)
    assert report.counts[outcomes.CREATE] == 3
    assert lifecycles() == before
    assert Place.objects.get(slug="ancien-atelier").closed.iso == "2023-03"


def test_an_export_imported_back_undoes_the_changes_made_since(admin_client, lives):
    before = lifecycles()
    content = export(admin_client, "export_csv", select_all())
    # The open place closed, the planned one opened, the closed one reopened.
    wip, planned, closed = lives
    Place.objects.filter(pk=wip.pk).update(
        lifecycle=Lifecycle.CLOSED,
        opened_on=datetime.date(2019, 1, 1),
        opened_on_precision=DatePrecision.YEAR,
        closed_on=datetime.date(2024, 1, 1),
        closure_reason="Faillite",
    )
    Place.objects.filter(pk=planned.pk).update(
        lifecycle=Lifecycle.OPEN, opened_on=datetime.date(2020, 1, 1)
    )
    Place.objects.filter(pk=closed.pk).update(
        lifecycle=Lifecycle.OPEN, closed_on=None, closure_reason=""
    )

    report = tierslieux(content)

    assert report.applied, reasons_of(report)
    assert report.counts[outcomes.UPDATE] == 3
    assert lifecycles() == before
    changes = {row.slug: row.changes for row in report.rows}
    assert changes["ancien-atelier"] == [
        ["état", "ouvert", "fermé"],
        ["date de fermeture", "", "2023-03"],
        ["raison de la fermeture", "", "Fin du bail ; déménagement à Caen"],
    ]
    assert changes["le-wip"] == [
        ["état", "fermé", "ouvert"],
        ["date d'ouverture", "2019", "2019-08-12"],
        ["date de fermeture", "2024", ""],
        ["raison de la fermeture", "Faillite", ""],
    ]

    # The same file again: the places already say what it says.
    unchanged = list(Place.objects.order_by("pk").values())
    again = tierslieux(content)
    assert again.counts[outcomes.UNCHANGED] == 3, reasons_of(again)
    assert again.changes_nothing
    assert list(Place.objects.order_by("pk").values()) == unchanged


@pytest.mark.parametrize(
    ("word", "lifecycle"),
    [
        ("ouvert", Lifecycle.OPEN),
        ("OUVERT", Lifecycle.OPEN),
        ("En projet", Lifecycle.PLANNED),
        ("planned", Lifecycle.PLANNED),
        ("fermé", Lifecycle.CLOSED),
        ("FERME", Lifecycle.CLOSED),
        ("closed", Lifecycle.CLOSED),
    ],
)
def test_the_state_is_read_from_its_french_label_or_its_value(word, lifecycle):
    # The page starts in another state than the row's.
    if lifecycle == Lifecycle.CLOSED:
        factories.place(slug="lieu-a", name="Lieu A")
        closing = ("2023", "Fin du bail")
    else:
        closed = {"closed_on": datetime.date(2023, 1, 1), "closure_reason": "Fin du bail"}
        factories.place(slug="lieu-a", name="Lieu A", lifecycle=Lifecycle.CLOSED, **closed)
        closing = ("", "")
    report = tierslieux(rows_file(["lieu-a", "Lieu A", "14", word, "2018", *closing]))
    assert report.applied, reasons_of(report)
    place = Place.objects.get(slug="lieu-a")
    assert place.lifecycle == lifecycle
    # Only a closed place has a closing: the row's state says whether it keeps one.
    assert bool(place.closed_on) == bool(place.closure_reason) == (lifecycle == Lifecycle.CLOSED)


def test_an_unknown_state_refuses_the_file_and_names_column_and_value():
    report = tierslieux(
        rows_file(
            ["", "Lieu A", "14", "ouvert", "", "", ""], ["", "Lieu B", "14", "fini", "", "", ""]
        )
    )
    assert report.refused
    assert reasons_of(report) == {
        3: [
            "État « fini » inconnu (colonne etat) : « en projet », « ouvert » ou « fermé » "
            "attendu, ou une traduction dans la correspondance."
        ]
    }
    assert not Place.objects.exists()


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2019", datetime.date(2019, 1, 1), DatePrecision.YEAR),
        ("2019-08", datetime.date(2019, 8, 1), DatePrecision.MONTH),
        ("2019-08-12", datetime.date(2019, 8, 12), DatePrecision.DAY),
        # As French Excel saves the dates of an export it opened.
        ("12/08/2019", datetime.date(2019, 8, 12), DatePrecision.DAY),
        ("08/2019", datetime.date(2019, 8, 1), DatePrecision.MONTH),
        # Written out, and French Excel's month format (« mmm-aa »).
        ("août 2019", datetime.date(2019, 8, 1), DatePrecision.MONTH),
        ("Aout 2019", datetime.date(2019, 8, 1), DatePrecision.MONTH),
        ("1er août 2019", datetime.date(2019, 8, 1), DatePrecision.DAY),
        ("12 août 2019", datetime.date(2019, 8, 12), DatePrecision.DAY),
        ("août-19", datetime.date(2019, 8, 1), DatePrecision.MONTH),
        ("janv.-21", datetime.date(2021, 1, 1), DatePrecision.MONTH),
    ],
)
def test_dates_are_read_at_their_precision(text, date, precision):
    report = tierslieux(rows_file(["", "Lieu A", "14", "fermé", "2018", text, "Fin du bail"]))
    assert report.applied, reasons_of(report)
    place = Place.objects.get(name="Lieu A")
    assert (place.closed_on, place.closed_on_precision) == (date, precision)


def test_a_two_digit_year_is_read_as_excel_reads_it():
    rows = [["", "Lieu A", "14", "ouvert", "juin-98", "", ""]]
    rows.append(["", "Lieu B", "14", "ouvert", "déc.-21", "", ""])
    report = tierslieux(rows_file(*rows))
    assert report.applied, reasons_of(report)
    assert dict(Place.objects.values_list("name", "opened_on")) == {
        "Lieu A": datetime.date(1998, 6, 1),
        "Lieu B": datetime.date(2021, 12, 1),
    }


@pytest.mark.parametrize(
    "text", ["2019-13", "2019-02-30", "19", "août", "brumaire 2019", "30 février 2019"]
)
def test_an_unreadable_date_refuses_the_row(text):
    report = tierslieux(rows_file(["", "Lieu A", "14", "ouvert", text, "", ""]))
    assert reasons_of(report) == {
        2: [
            f"Date d'ouverture « {text} » invalide (colonne date_ouverture) : une date AAAA, "
            "AAAA-MM ou AAAA-MM-JJ est attendue, ex. : 2019, 2019-08, 2019-08-12 ou août 2019."
        ]
    }
    assert not Place.objects.exists()


def test_the_opening_date_is_finer_than_the_year_and_wins():
    header = ["identifiant", "nom", "departement_code", "annee_ouverture", "date_ouverture"]
    report = tierslieux(rows_file(["", "Lieu A", "14", "2019", "2019-08"], header=header))
    assert report.applied, reasons_of(report)
    place = Place.objects.get(name="Lieu A")
    assert (place.opened_on, place.opened_on_precision) == (
        datetime.date(2019, 8, 1),
        DatePrecision.MONTH,
    )


def test_an_opening_date_contradicting_the_year_refuses_the_row():
    header = ["identifiant", "nom", "departement_code", "annee_ouverture", "date_ouverture"]
    report = tierslieux(rows_file(["", "Lieu A", "14", "2018", "2019-08"], header=header))
    assert reasons_of(report) == {
        2: [
            "Date d'ouverture « 2019-08 » et année d'ouverture « 2018 » contradictoires : "
            "corrigez l'une des deux, ou videz l'année."
        ]
    }
    assert not Place.objects.exists()


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (
            ["fermé", "2018", "", "Fin du bail"],
            "Date de fermeture : Indiquez depuis quand le lieu est fermé.",
        ),
        (
            ["fermé", "2018", "2023-03", ""],
            "Raison de la fermeture : Indiquez pourquoi le lieu a fermé.",
        ),
        (
            ["ouvert", "2018", "2023-03", ""],
            "État (en projet, ouvert ou fermé) : Une date ou une raison de fermeture est "
            "indiquée : choisissez « fermé », ou effacez-les.",
        ),
        (
            ["en projet", "", "", "Abandonné"],
            "État (en projet, ouvert ou fermé) : Une date ou une raison de fermeture est "
            "indiquée : choisissez « fermé », ou effacez-les.",
        ),
        (
            ["fermé", "2018-06", "2017", "Fin du bail"],
            "Date de fermeture : La fermeture (2017) ne peut pas précéder l'ouverture (juin 2018).",
        ),
    ],
)
def test_a_new_place_with_an_impossible_life_is_refused_in_the_model_s_words(cells, reason):
    report = tierslieux(
        rows_file(["", "Lieu B", "14", "ouvert", "", "", ""], ["", "Lieu A", "14", *cells])
    )
    assert reasons_of(report) == {3: [reason]}
    assert report.refused
    assert not Place.objects.exists()


def test_a_page_said_closed_without_a_date_is_refused_and_left_whole(lives):
    report = tierslieux(rows_file(["le-wip", "Le WIP renommé", "14", "fermé", "", "", "Faillite"]))
    assert reasons_of(report) == {
        2: ["Date de fermeture : Indiquez depuis quand le lieu est fermé."]
    }
    wip = Place.objects.get(slug="le-wip")
    assert (wip.name, wip.lifecycle, wip.closure_reason) == ("Le WIP", Lifecycle.OPEN, "")


def test_a_page_closing_before_it_opened_is_refused():
    factories.place(slug="lieu-a", name="Lieu A", opened_on=datetime.date(2020, 5, 1))
    report = tierslieux(rows_file(["lieu-a", "Lieu A", "14", "fermé", "", "2019", "Fin du bail"]))
    assert reasons_of(report) == {
        2: ["Date de fermeture : La fermeture (2019) ne peut pas précéder l'ouverture (2020)."]
    }
    assert not Place.objects.get(slug="lieu-a").is_closed


def test_an_empty_cell_leaves_the_site_s_value_alone(lives):
    """In the export, an empty cell means "unknown": the closing date stays the site's."""
    report = tierslieux(
        rows_file(["ancien-atelier", "Ancien atelier", "14", "fermé", "", "", "Incendie"])
    )
    assert report.applied, reasons_of(report)
    closed = Place.objects.get(slug="ancien-atelier")
    assert (closed.closed.iso, closed.closure_reason, closed.opened.iso) == (
        "2023-03",
        "Incendie",
        "2015",
    )


# Other files: the same columns through a mapping.

LIFE_HEADER = ["NOM DU LIEU", "ADRESSE", "DEPARTEMENT", "ETAT", "OUVERTURE", "FERMETURE", "MOTIF"]
LIFE_MAPPING = {
    **REGIONAL_MAPPING,
    "columns": {
        "nom": "NOM DU LIEU",
        "adresse_complete": "ADRESSE",
        "departement_code": "DEPARTEMENT",
        "etat": "ETAT",
        "date_ouverture": "OUVERTURE",
        "date_fermeture": "FERMETURE",
        "raison_fermeture": "MOTIF",
    },
}


def life_file(*cells):
    return csv_bytes(
        LIFE_HEADER, [["Dot Parade Nantes", "3 rue de la Paix, 44000 Nantes", "44", *cells]]
    )


def test_a_mapping_translates_the_file_s_own_state_words():
    mapping = {
        **LIFE_MAPPING,
        "values": {"etat": {"En activité": "ouvert", "Cessé": "fermé", "Inconnu": None}},
    }
    report = import_regional(life_file("en activite", "2020-09", "", ""), mapping=mapping)
    assert report.applied, reasons_of(report)
    assert Place.objects.get(name="Dot Parade Nantes").lifecycle == Lifecycle.OPEN

    # A translation to null changes nothing; the site's own words still need none.
    report = import_regional(life_file("Inconnu", "2020-09", "", ""), mapping=mapping)
    assert report.applied, reasons_of(report)
    assert Place.objects.get(name="Dot Parade Nantes").lifecycle == Lifecycle.OPEN
    report = import_regional(
        life_file("CESSÉ", "2020-09", "2024-06", "Fin de la convention"), mapping=mapping
    )
    assert report.applied, reasons_of(report)
    assert Place.objects.get(name="Dot Parade Nantes").lifecycle == Lifecycle.CLOSED


def test_a_state_the_mapping_does_not_translate_refuses_the_row():
    mapping = {**LIFE_MAPPING, "values": {"etat": {"En activité": "ouvert"}}}
    report = import_regional(life_file("En sommeil", "2020-09", "", ""), mapping=mapping)
    assert reasons_of(report) == {
        2: [
            "État « En sommeil » inconnu (colonne ETAT) : « en projet », « ouvert » ou « fermé » "
            "attendu, ou une traduction dans la correspondance."
        ]
    }
    assert not Place.objects.exists()


def test_a_mapping_translating_a_state_into_no_state_is_refused():
    with pytest.raises(MappingError) as refusal:
        from_json({**LIFE_MAPPING, "values": {"etat": {"En activité": "actif"}}})
    assert str(refusal.value) == "État « actif » inconnu : « en projet », « ouvert » ou « fermé »."


def test_a_column_named_like_a_lifecycle_field_is_proposed_for_it():
    header = ["Nom", "État", "Date d'ouverture", "Date de fermeture", "Motif de fermeture"]
    assert guess(header)["columns"] == {
        "nom": "Nom",
        "etat": "État",
        "date_ouverture": "Date d'ouverture",
        "date_fermeture": "Date de fermeture",
        "raison_fermeture": "Motif de fermeture",
    }


def test_a_dataset_closes_the_place_it_said_open_and_erases_when_told():
    import_regional(life_file("ouvert", "2020-09", "", ""), mapping=LIFE_MAPPING)
    report = import_regional(
        life_file("fermé", "2020-09", "2024-06", "Fin de la convention"), mapping=LIFE_MAPPING
    )
    assert report.applied, reasons_of(report)
    place = Place.objects.get(name="Dot Parade Nantes")
    assert (place.lifecycle, place.closed.iso, place.closure_reason) == (
        Lifecycle.CLOSED,
        "2024-06",
        "Fin de la convention",
    )
    assert place.opened.iso == "2020-09"

    erasing = {**LIFE_MAPPING, "options": {"erase_when_empty": ["date_ouverture"]}}
    report = import_regional(
        life_file("fermé", "", "2024-06", "Fin de la convention"), mapping=erasing
    )
    assert report.applied, reasons_of(report)
    assert Place.objects.get(name="Dot Parade Nantes").opened_on is None
