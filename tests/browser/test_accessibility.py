"""axe-core finds no WCAG 2.1 A/AA violation on any public page type, nor on the admin pages
the project customised. A failure lists each rule broken, where, and how to fix it."""

import csv
import io
import re
from pathlib import Path

import pytest

from places.models import PlaceImport
from tests.browser.helpers import PUBLIC_PAGES, assert_no_axe_violations, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "status"), [pytest.param(path, status, id=name) for name, path, status in PUBLIC_PAGES]
)
def test_public_page_has_no_axe_violation(page, site, broken_assets, path, status):
    open_page(page, path, broken_assets, status=status)
    assert_no_axe_violations(page)


def test_admin_login_page_has_no_axe_violation(page, site, broken_assets):
    open_page(page, "/admin/login/", broken_assets)
    assert_no_axe_violations(page)


ADMIN_PAGES = [
    ("tableau-de-bord", "/admin/"),
    ("liste-des-lieux", "/admin/places/place/"),
    ("liste-filtree", "/admin/places/place/?q=fabrique&publication=en-ligne"),
    ("ajout-de-lieu", "/admin/places/place/add/"),
    ("fiche-de-lieu", "{place}"),
    ("import", "/admin/places/place/import/"),
    ("doublons", "/admin/places/place/doublons/"),
    ("ajout-de-programme", "/admin/funding/programme/add/"),
    ("ajout-de-visite", "/admin/visits/visit/add/"),
]


@pytest.mark.parametrize(
    ("name", "path"), [pytest.param(name, path, id=name) for name, path in ADMIN_PAGES]
)
def test_customised_admin_page_has_no_axe_violation(
    page, site, staff, login, broken_assets, name, path
):
    login(page, staff)
    path = path.format(place=f"/admin/places/place/{site.place.pk}/change/")
    open_page(page, path, broken_assets)
    if "doublons" in path:  # the page is only worth checking with a pair on it
        assert page.get_by_text("Fabrique des communs - tiers-lieu").count()
    assert_no_axe_violations(page)


EXCERPT = Path(__file__).parent.parent / "places" / "data" / "cget-excerpt.csv"


def census_file():
    """Three rows in the census' layout: a new place, the demo's WIP again (a probable
    duplicate to decide on), and a row whose commune does not exist (rejected)."""
    with EXCERPT.open(encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        columns = reader.fieldnames
        wip = next(row for row in reader if row["NOM_TL"] == "Le WIP")
    new = {
        **dict.fromkeys(columns, ""),
        "ID": "9001",
        "NOM_TL": "Le Hangar numérique",
        "ADRESSE": "5 rue Basse",
        "CP": "14000",
        "INSEECOM": "14118",
        "NOMCOM": "Caen",
        "TYPO": "Tiers lieux à dominante fablab",
        "LAT": "49.1850",
        "LONG": "-0.3600",
        "INSEEDEP": "14",
    }
    unknown = {**new, "ID": "9002", "NOM_TL": "Le Lieu fantôme", "CP": "0", "INSEECOM": "0"}
    unknown.update({"NOMCOM": "Atlantide-sur-Mer", "LAT": "", "LONG": ""})
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows([new, wip, unknown])
    return output.getvalue().encode("utf-8")


def test_import_report_of_an_upload_has_no_axe_violation(page, site, staff, login, broken_assets):
    login(page, staff)
    open_page(page, "/admin/places/place/import/", broken_assets)
    page.locator("#id_file").set_input_files(
        {"name": "recensement-calvados.csv", "mimeType": "text/csv", "buffer": census_file()}
    )
    page.get_by_label("Disposition du fichier").select_option("cget")
    page.get_by_label("Charger les lignes valides").check()
    page.get_by_role("button", name="Vérifier le fichier").click()

    record = PlaceImport.objects.get()
    page.wait_for_url(re.compile(rf"/admin/places/place/import/{record.pk}/$"))
    assert page.get_by_text("rien n'a encore été écrit").count()
    assert page.get_by_text("Le Hangar numérique").count()
    assert page.get_by_text("Le Lieu fantôme").count()
    assert_no_axe_violations(page)
