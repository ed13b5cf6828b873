"""The admin import of any file: mapping built from the header, choices for duplicates,
one confirmation only, and the permissions it takes."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from places.imports.mapping import from_json
from places.imports.service import Confirmation, confirm
from places.models import Dataset, Place, PlaceImport, PlaceKind, Provenance
from tests import factories
from tests.places.import_files import csv_bytes, regional_file
from tests.places.test_import_duplicates import census_place  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:places_place_import")


@pytest.fixture
def kinds():
    # The kinds the site is installed with.
    return PlaceKind.objects.filter(slug__in=["coworking", "fablab"])


def upload(client, layout="new", content=None, name="liste-2025.csv", skip_invalid=False):
    data = {"file": SimpleUploadedFile(name, content or regional_file()), "layout": layout}
    if skip_invalid:
        data["skip_invalid"] = "on"
    return client.post(IMPORT_URL, data)


def mapping_post(**overrides):
    data = {
        "title": "Réseau régional des tiers-lieux, liste 2025",
        "attribution": "Réseau régional des tiers-lieux, 2025",
        "licence": "Licence Ouverte 2.0",
        "licence_url": "",
        "url": "",
        "identifier": "",
        "default_status": "publié",
        "column_nom": "NOM DU LIEU",
        "column_adresse_complete": "ADRESSE",
        "column_departement_code": "DEPARTEMENT",
        "column_types": "TYPOLOGIE",
        "column_site_web": "URL",
        "column_description": "DESCRIPTION",
        # TYPOLOGIE holds T, F, T, TF: one translation field per distinct value.
        "value_types_0": ["coworking"],
        "value_types_1": ["fablab"],
        "value_types_2": ["coworking", "fablab"],
    }
    data.update(overrides)
    return data


def build_mapping(client):
    response = upload(client)
    record = PlaceImport.objects.latest("pk")
    assert response["Location"] == reverse("admin:places_place_import_mapping", args=[record.pk])
    return record, response["Location"]


def confirm_in_admin(client, record):
    return client.post(
        reverse("admin:places_place_import_report", args=[record.pk]), {"confirm": "1"}
    )


def test_a_new_layout_is_mapped_from_the_file_header_with_a_preview(editor_client, kinds):
    _record, url = build_mapping(editor_client)
    page = editor_client.get(url)
    assertContains(page, "Les premières lignes du fichier")
    # Column names guessed from the header, for staff to check.
    assertContains(page, '<option value="NOM DU LIEU" selected>NOM DU LIEU</option>', html=True)
    assertContains(page, "« TF »")
    page = editor_client.post(url, {**mapping_post(), "refresh": "1"})
    assertContains(page, "Aperçu : les 4 premières lignes")
    assertContains(page, "Angers (49007)")
    assert not Place.objects.exists()


def test_saving_the_mapping_checks_the_file_then_confirmation_imports(editor_client, kinds):
    record, url = build_mapping(editor_client)
    response = editor_client.post(url, {**mapping_post(), "save": "1"})
    report_url = reverse("admin:places_place_import_report", args=[record.pk])
    assert response["Location"] == report_url
    page = editor_client.get(report_url)
    assertContains(page, '<th scope="row">À créer</th><td class="num">4</td>', html=True)
    assertContains(page, "Département 85")  # the Sarthe postcode filed under the Vendée
    response = editor_client.post(report_url, {"confirm": "1"}, follow=True)
    assertContains(response, "Import terminé : 4 créés")
    assertContains(response, '<th scope="row">Créés</th><td class="num">4</td>', html=True)
    assert Place.objects.count() == 4
    dataset = Dataset.objects.get()
    assert dataset.mapping["columns"]["adresse_complete"] == "ADRESSE"


def test_the_next_version_of_the_file_reuses_the_saved_mapping(editor_client, kinds):
    record, url = build_mapping(editor_client)
    editor_client.post(url, {**mapping_post(), "save": "1"})
    editor_client.post(
        reverse("admin:places_place_import_report", args=[record.pk]), {"confirm": "1"}
    )
    dataset = Dataset.objects.get()
    response = upload(editor_client, layout=f"dataset:{dataset.pk}")
    second = PlaceImport.objects.latest("pk")
    assert response["Location"] == reverse("admin:places_place_import_report", args=[second.pk])
    page = editor_client.get(response["Location"])
    assertContains(page, '<th scope="row">Inchangés</th><td class="num">4</td>', html=True)
    assertContains(page, "Ce fichier ne changerait rien")


def test_a_saved_mapping_that_no_longer_fits_sends_staff_back_to_it(editor_client, kinds):
    record, url = build_mapping(editor_client)
    editor_client.post(url, {**mapping_post(), "save": "1"})
    editor_client.post(
        reverse("admin:places_place_import_report", args=[record.pk]), {"confirm": "1"}
    )
    renamed = regional_file().replace(b"NOM DU LIEU", b"NOM")
    dataset = Dataset.objects.get()
    response = upload(editor_client, layout=f"dataset:{dataset.pk}", content=renamed)
    assert "correspondance" in response["Location"]
    page = editor_client.get(response["Location"])
    assertContains(page, "ne convient pas à ce fichier")


def test_duplicates_are_chosen_in_the_report_and_remembered(editor_client, census_place):  # noqa: F811
    record, url = build_mapping(editor_client)
    editor_client.post(url, {**mapping_post(), "save": "1"})
    report_url = reverse("admin:places_place_import_report", args=[record.pk])
    page = editor_client.get(report_url)
    assertContains(page, "Doublons probables (1)")
    assertContains(page, "Ressemble à")
    record.refresh_from_db()
    row = next(r for r in record.report["rows"] if r["outcome"] == "duplicate")
    response = editor_client.post(
        report_url, {"decide": "1", f"row_{row['line']}": f"attach:{census_place.pk}"}, follow=True
    )
    assertContains(response, "Choix enregistrés")
    assertNotContains(response, "Doublons probables (1)")
    editor_client.post(report_url, {"confirm": "1"})
    assert Provenance.objects.filter(place=census_place).count() == 2
    assert Place.objects.filter(name__startswith="Dot Parade").count() == 1


def test_a_second_confirmation_imports_nothing_twice(editor_client, kinds):
    record, url = build_mapping(editor_client)
    editor_client.post(url, {**mapping_post(), "save": "1"})
    record.refresh_from_db()
    assert confirm(record)[0] == Confirmation.APPLIED
    assert confirm(record)[0] == Confirmation.ALREADY
    response = editor_client.post(
        reverse("admin:places_place_import_report", args=[record.pk]), {"confirm": "1"}, follow=True
    )
    assertContains(response, "ne peut plus être confirmé")
    assert Place.objects.count() == 4


def test_the_import_permission_alone_gives_nothing(client):
    clerk = factories.user(is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["import_place", "view_place"])
    )
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client).status_code == 403
    assert not PlaceImport.objects.exists()
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_place", "change_place"])
    )
    clerk = type(clerk).objects.get(pk=clerk.pk)  # permissions are cached on the instance
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 200


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"NOM;VILLE\r\n" + b"a;b\r\n" * 400 + b"x\x00y;z\r\n", "caractère"),
        (("NOM;VILLE\r\n" + "é;b\r\n" * 300_000).encode() + b"\xe9;z\r\n", "Octet invalide"),
        (b"NOM;VILLE\r\n" + b"a" * 200_000 + b";b\r\n", "cellule"),
    ],
)
def test_any_byte_anywhere_gives_a_french_error_and_writes_nothing(editor_client, content, message):
    response = upload(editor_client, content=content)
    assertContains(response, message)
    assert not PlaceImport.objects.exists()
    assert not Place.objects.exists()


def test_the_mapping_page_translates_each_state_of_the_file(editor_client, kinds):
    content = csv_bytes(
        ["NOM DU LIEU", "ADRESSE", "DEPARTEMENT", "ETAT"],
        [
            ["Dot Parade Nantes", "3 rue de la Paix, 44000 Nantes", "44", "En activité"],
            ["La Grange", "1 place du Marché 49100 Angers", "49", "Ouvert"],
        ],
    )
    upload(editor_client, content=content)
    record = PlaceImport.objects.latest("pk")
    url = reverse("admin:places_place_import_mapping", args=[record.pk])
    page = editor_client.get(url)
    # One choice per distinct state; the site's own word is already chosen.
    assertContains(page, "État\n                  — « En activité »")
    assertContains(page, '<option value="open" selected>ouvert</option>', html=True)
    assertContains(page, '<option value="">inconnu : état inchangé</option>', html=True)

    data = mapping_post(column_types="", column_site_web="", column_description="")
    data.update(column_etat="ETAT", value_etat_0="open", value_etat_1="open", save="1")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    confirm_in_admin(editor_client, record)
    saved = from_json(Dataset.objects.get().mapping)
    assert saved.translate("etat", "En activité") == ("open", True)
    assert set(Place.objects.values_list("lifecycle", flat=True)) == {"open"}
