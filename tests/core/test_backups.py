"""`backup` and `restore`: the database and the media in one archive, and back."""

import importlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from places.models import Department, Place, PlacePhoto
from tests import factories, images
from tierslieux.backups import row_counts

pytestmark = pytest.mark.django_db(transaction=True)

ON_SQLITE = connection.vendor == "sqlite"


@pytest.fixture(autouse=True)
def _reference_rows():
    """Regions and departments, which an earlier test's flush may have emptied (these tests run
    in real transactions: pg_dump and SQLite's backup read what is committed)."""
    if not Department.objects.exists():
        importlib.import_module("places.migrations.0002_regions_departments_kinds").load(apps, None)


def content():
    place = factories.place(name="La Fabrique sauvegardée", slug="la-fabrique-sauvegardee")
    photo = factories.place_photo(
        place, image=images.upload(images.jpeg(200, 120), name="facade.jpg")
    )
    return place, photo


def backup(tmp_path):
    call_command("backup", dossier=str(tmp_path / "sauvegardes"), stdout=io.StringIO())
    [archive] = (tmp_path / "sauvegardes").glob("tierslieux-*.tar.gz")
    return archive


def restore(archive):
    out = io.StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)
    return out.getvalue()


def round_trip(tmp_path):
    _place, photo = content()
    photo_file = Path(settings.MEDIA_ROOT) / photo.image.name
    assert photo_file.is_file()
    rows = Place.objects.count()
    archive = backup(tmp_path)

    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["engine"] == connection.vendor
    assert manifest["rows"]["places.Place"] == rows
    assert manifest["rows"]["places.PlacePhoto"] == 1
    assert "0001_initial" in manifest["migrations"]["places"]
    assert manifest["media"]["storage"] == "local"
    assert f"media/{photo.image.name}" in names

    Place.objects.all().delete()  # the photo's files go with it (photos' storage clean-up)
    photo_file.unlink(missing_ok=True)
    assert not photo_file.exists()
    Path(settings.MEDIA_ROOT, "ajout-apres-sauvegarde.txt").write_text("à effacer")

    said = restore(archive)
    assert "Restauration terminée" in said
    assert Place.objects.count() == rows
    restored = Place.objects.get(slug="la-fabrique-sauvegardee")
    assert restored.name == "La Fabrique sauvegardée"
    assert PlacePhoto.objects.get().image.name == photo.image.name
    assert photo_file.read_bytes()[:3] == b"\xff\xd8\xff"  # the JPEG is back
    assert not Path(settings.MEDIA_ROOT, "ajout-apres-sauvegarde.txt").exists()
    # Every table holds again the rows it held at the backup (history, sessions, accounts…).
    assert row_counts() == manifest["rows"]


@pytest.mark.skipif(not ON_SQLITE, reason="base SQLite seulement")
def test_round_trip_on_sqlite(tmp_path):
    round_trip(tmp_path)


@pytest.mark.skipif(ON_SQLITE, reason="PostgreSQL seulement (DATABASE_URL=postgres://…)")
def test_round_trip_on_postgresql(tmp_path):
    round_trip(tmp_path)


def archive_with(tmp_path, manifest, files=()):
    path = tmp_path / "fabriquee.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *files]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_an_archive_of_another_engine_is_refused_in_french(tmp_path):
    content()
    other = "postgresql" if ON_SQLITE else "sqlite"
    manifest = json.loads(
        tarfile.open(backup(tmp_path)).extractfile("manifest.json").read()  # noqa: SIM115
    )
    path = archive_with(tmp_path, {**manifest, "engine": other})
    with pytest.raises(CommandError, match="restauration refusée"):
        restore(path)
    assert Place.objects.filter(slug="la-fabrique-sauvegardee").exists()


@pytest.mark.skipif(not ON_SQLITE, reason="base SQLite seulement")
def test_a_damaged_archive_changes_nothing(tmp_path):
    place, photo = content()
    manifest = json.loads(
        tarfile.open(backup(tmp_path)).extractfile("manifest.json").read()  # noqa: SIM115
    )
    path = archive_with(
        tmp_path,
        {**manifest, "media": {"storage": "local", "files": 0, "bytes": 0}},
        [("database.sqlite3", b"SQLite format 3\x00" + b"\x00" * 100)],
    )
    Place.objects.filter(pk=place.pk).update(name="Changé depuis")
    with pytest.raises(CommandError, match="La base de l'archive est"):
        restore(path)
    assert Place.objects.get(pk=place.pk).name == "Changé depuis"
    assert (Path(settings.MEDIA_ROOT) / photo.image.name).is_file()


def test_an_archive_with_paths_outside_is_refused(tmp_path):
    path = archive_with(tmp_path, {"format": 1}, [("../evasion.txt", b"x")])
    with pytest.raises(CommandError, match="élément inattendu"):
        restore(path)
    assert not (tmp_path.parent / "evasion.txt").exists()
