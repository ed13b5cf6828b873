"""An export from this site, re-imported with `--format tierslieux`, gives back the same places."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from places.imports.service import run
from places.models import Department, Place, PlaceKind, Provenance
from tests import factories
from tests.places.test_exports import export, select_all

pytestmark = pytest.mark.django_db
EXCERPT = Path(__file__).parent / "data" / "cget-excerpt.csv"
COMPARED = [
    "name",
    "slug",
    "summary",
    "description",
    "street_address",
    "postcode",
    "commune_name",
    "commune_code",
    "department_id",
    "latitude",
    "longitude",
    "surface_m2",
    "year_opened",
    "year_opened_is_approximate",
    "history",
    "website",
    "status",
    "search_text",
]


def state():
    places = {}
    for place in Place.objects.prefetch_related("kinds", "services", "provenances__dataset"):
        values = {name: getattr(place, name) for name in COMPARED}
        values["kinds"] = sorted(kind.slug for kind in place.kinds.all())
        values["services"] = sorted(service.slug for service in place.services.all())
        values["provenance"] = sorted((p.dataset.slug, p.row_id) for p in place.provenances.all())
        values["published_at"] = (
            place.published_at.replace(second=0, microsecond=0) if place.published_at else None
        )
        places[place.slug] = values
    return places


@pytest.fixture
def variety():
    call_command("import_places", EXCERPT, format="cget", skip_invalid=True, stdout=io.StringIO())
    factories.place(
        name='=Atelier « partagé » ; virgule, guillemet "',
        slug="atelier-piege",
        summary="-moins\nsur deux lignes",
        description="Première ligne.\r\nDeuxième ligne ; avec point-virgule.",
        history="@mention",
        department=Department.objects.get(code="2B"),
        postcode="20200",
        commune_name="Bastia",
        commune_code="2B033",
        latitude=Decimal("42.6972500"),
        longitude=Decimal("9.4508100"),
        surface_m2=800,
        year_opened=2017,
        year_opened_is_approximate=True,
        kinds=[PlaceKind.objects.get(slug="atelier-partage"), PlaceKind.objects.get(slug="fablab")],
        services=[factories.service(name="Machines à bois")],
    )
    # A published place cites a source (content.editorial); the export carries its dataset.
    factories.provenance(Place.objects.get(slug="atelier-piege"))
    factories.draft_place(name="Projet à Mayotte", department=Department.objects.get(code="976"))


def tierslieux(content, **options):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return run(data, "lieux.csv", file_format="tierslieux", **options)


def test_export_then_import_gives_back_the_same_places(admin_client, variety):
    before = state()
    content = export(admin_client, "export_csv", select_all()).decode("utf-8-sig")

    Place.objects.all().delete()  # provenance rows stay, detached
    assert Provenance.objects.filter(place__isnull=True).count() == 23 + 1  # the census, ours
    report = tierslieux(content)

    assert report.applied, [row.reasons for row in report.rejected]
    assert report.counts["create"] == len(before) == 25
    assert state() == before


def test_reimporting_an_unchanged_export_changes_nothing(admin_client, variety):
    content = export(admin_client, "export_csv", select_all()).decode("utf-8-sig")
    before = list(Place.objects.order_by("pk").values())
    report = tierslieux(content)
    assert report.counts["unchanged"] == 25
    assert list(Place.objects.order_by("pk").values()) == before


def test_an_export_edited_in_a_spreadsheet_updates_the_places(admin_client, variety):
    content = export(admin_client, "export_csv", select_all()).decode("utf-8-sig")
    edited = content.replace("ADE Coworking;", "ADE Coworking Nantes;").replace(
        ";publié;", ";brouillon;", 1
    )
    # French Excel saves CSV in Windows-1252.
    report = tierslieux(edited.encode("cp1252", errors="replace"))
    assert report.counts["update"] == 2
    assert Place.objects.filter(name="ADE Coworking Nantes").exists()


def test_tierslieux_rows_are_checked_like_the_admin_form():
    header = "identifiant;nom;departement_code;code_postal;types\n"
    report = tierslieux(header + "lieu-a;Lieu A;14;97400;\n;;99;;Brasserie\n")
    reasons = {row.line: row.reasons for row in report.rejected}
    assert reasons[2] == [
        "Adresse contradictoire : le code postal 97400 désigne 974 (La Réunion) ; la colonne "
        "département désigne 14 (Calvados). Aucun département n'est désigné par plus de champs "
        "que les autres : corrigez la ligne."
    ]
    assert reasons[3] == [
        "Nom du lieu absent.",
        "Types de lieu : « Brasserie » inconnu ; ajoutez sa traduction à la correspondance "
        "(valeurs connues : Atelier partagé / manufacture de proximité, Coworking, Fablab).",
        "Le département « 99 » n'existe pas.",
    ]
    assert report.refused
    assert not Place.objects.exists()


def test_a_second_import_with_a_provenance_column_rejects_nothing(admin_client, variety):
    content = export(admin_client, "export_csv", select_all()).decode("utf-8-sig")
    Place.objects.all().delete()
    first = tierslieux(content)
    assert first.counts["create"] == 25 and not first.rejected
    second = tierslieux(content)
    assert not second.rejected, [row.reasons for row in second.rejected]
    assert second.counts["unchanged"] == 25
    assert Provenance.objects.filter(place__isnull=True).count() == 0


def test_a_slug_naming_another_place_is_refused_not_merged(admin_client, variety):
    """A file whose slugs were made from names must not turn a place into another one."""
    header = "identifiant;nom;departement_code;code_postal;commune\n"
    report = tierslieux(header + "ade-coworking;Le Quai des Savoirs;31;31000;Toulouse\n")
    (row,) = report.rejected
    assert row.reasons[0].startswith(
        "L'identifiant « ade-coworking » est celui du lieu « ADE Coworking » (Nantes)"
    )
    assert Place.objects.get(slug="ade-coworking").name == "ADE Coworking"
