import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from places.models import Place, PlaceImport
from tests import factories

pytestmark = pytest.mark.django_db
EXCERPT = Path(__file__).parent / "data" / "cget-excerpt.csv"
IMPORT_URL = reverse("admin:places_place_import")


def upload(client, skip_invalid=True, content=None, name="cget.csv", layout="cget"):
    data = {
        "file": SimpleUploadedFile(name, content or EXCERPT.read_bytes(), "text/csv"),
        "layout": layout,
    }
    if skip_invalid:
        data["skip_invalid"] = "on"
    return client.post(IMPORT_URL, data)


def test_changelist_links_to_the_import_page(editor_client):
    assertContains(editor_client.get(reverse("admin:places_place_changelist")), IMPORT_URL)


def test_upload_shows_a_dry_run_report_then_confirmation_imports(editor_client, editor):
    response = upload(editor_client)
    record = PlaceImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:places_place_import_report", args=[record.pk])
    assert not Place.objects.exists()  # nothing written by the preview
    assert (record.created_by, record.state, record.file_name) == (editor, "previewed", "cget.csv")

    page = editor_client.get(response["Location"])
    assertContains(page, "Aperçu : rien n'a encore été écrit.")
    assertContains(page, '<th scope="row">À créer</th><td class="num">23</td>', html=True)
    assertContains(page, "SICTIAM")
    assertContains(page, "Code commune 14327 remplacé")
    assertContains(page, "Département 973 (Guyane) corrigé en 971 (Guadeloupe)")
    assertContains(page, "Confirmer l'import")

    response = editor_client.post(response["Location"], {"confirm": "1"}, follow=True)
    assertContains(response, "Import terminé : 23 créés")
    assertContains(response, "Import effectué le")
    assertNotContains(response, "Confirmer l'import")
    assert Place.objects.count() == 23
    record.refresh_from_db()
    assert record.state == "applied" and record.applied_at is not None


def test_a_file_with_a_bad_row_is_refused_without_skip_invalid(editor_client):
    bad = (
        EXCERPT.read_bytes()
        .replace(b",14,Colombelles,", b",99,,")
        .replace(b"1500,Le WIP,,0,,0,,,,,,49.1923892,-0.3074549", b"1500,Le WIP,,0,,0,,,,,,,")
    )
    response = upload(editor_client, skip_invalid=False, content=bad)
    page = editor_client.get(response["Location"])
    assertContains(page, "Fichier refusé : 1 ligne rejetée")
    assertNotContains(page, "Confirmer l'import")
    response = editor_client.post(response["Location"], {"confirm": "1"}, follow=True)
    assertContains(response, "ne peut plus être confirmé")
    assert not Place.objects.exists()


def test_confirmation_rechecks_and_stops_when_the_places_changed(editor_client):
    response = upload(editor_client)
    call_command("import_places", EXCERPT, format="cget", skip_invalid=True, stdout=io.StringIO())
    response = editor_client.post(response["Location"], {"confirm": "1"}, follow=True)
    assertContains(response, "Les lieux ont changé depuis l&#x27;aperçu")
    assertContains(response, '<th scope="row">Inchangés</th><td class="num">23</td>', html=True)
    assert PlaceImport.objects.get().state == "previewed"


def test_only_the_uploader_confirms(client, editor_client):
    response = upload(editor_client)
    other = factories.user(username="autre", is_superuser=True, is_staff=True)
    client.force_login(other)
    page = client.get(response["Location"])
    assertNotContains(page, "Confirmer l'import")
    client.post(response["Location"], {"confirm": "1"})
    assert not Place.objects.exists()


def test_unreadable_uploads_get_a_french_message(editor_client):
    response = upload(editor_client, content=b"PK\x03\x04\x00binary", name="lieux.xlsx")
    assertContains(response, "archive ZIP")
    assert not PlaceImport.objects.exists()
    response = upload(editor_client, content=b"nom,ville\nA,B\n")
    page = editor_client.get(response["Location"])
    assertContains(page, "Colonnes absentes du fichier : ID, NOM_TL")
    assert not PlaceImport.objects.filter(state="previewed").exists()


def test_staff_without_the_import_permission_is_refused(client):
    client.force_login(factories.user(is_staff=True))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client).status_code == 403


def test_import_log_is_read_only_in_the_admin(admin_client, editor_client):
    upload(editor_client)
    record = PlaceImport.objects.get()
    assert admin_client.get(reverse("admin:places_placeimport_changelist")).status_code == 200
    response = admin_client.get(reverse("admin:places_placeimport_change", args=[record.pk]))
    assertNotContains(response, 'name="_save"')
    assert admin_client.get(reverse("admin:places_placeimport_add")).status_code == 403


def test_place_change_form_shows_its_provenance(admin_client):
    call_command("import_places", EXCERPT, format="cget", skip_invalid=True, stdout=io.StringIO())
    place = Place.objects.get(provenances__row_id="1")
    response = admin_client.get(reverse("admin:places_place_change", args=[place.pk]))
    assertContains(response, "CGET – Mission Coworking, base des tiers-lieux 2019 — ligne 1")
