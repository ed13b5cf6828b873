"""rebuild_renditions: renditions made again, unprocessed masters processed, orphans listed."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from places.models import PlacePhoto
from tests import factories, images
from tests.photos.conftest import open_back, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The command as run from a shell: its transactions commit, so their callbacks run."""

    def run_command(*args):
        out, err = io.StringIO(), io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("rebuild_renditions", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    return run_command


def photo_with_file(content=None):
    return factories.place_photo(
        factories.place(),
        image=images.upload(content or images.jpeg(1200, 800)),
        alt_text="Un atelier",
    )


def test_nothing_to_do_on_a_tidy_storage(run):
    photo_with_file()
    out, err = run()
    assert "Photos vérifiées : 1. Déclinaisons refaites : 0. Fichiers traités : 0." in out
    assert "Fichiers orphelins : 0" in out
    assert err == ""


def test_missing_renditions_are_made_again_from_the_master(run):
    photo = photo_with_file()
    lost = photo.renditions[0]["name"]
    default_storage.delete(lost)
    out, _err = run()
    assert "Déclinaisons refaites : 1." in out
    photo.refresh_from_db()
    assert stored_files() == set(photo.stored_file_names())
    assert len(photo.renditions) == 6
    assert open_back(photo.renditions[0]["name"]).size[0] == photo.renditions[0]["width"]


def test_renditions_never_recorded_are_made(run):
    photo = photo_with_file()
    for record in photo.renditions:
        default_storage.delete(record["name"])
    PlacePhoto.objects.filter(pk=photo.pk).update(renditions=[])
    run()
    photo.refresh_from_db()
    assert len(photo.renditions) == 6
    assert stored_files() == set(photo.stored_file_names())


def test_a_master_stored_before_processing_existed_is_processed_and_replaced(run):
    # A file uploaded before the pipeline: stored as sent, EXIF and GPS included.
    raw = images.jpeg_with_gps_and_orientation(900, 600)
    old_name = default_storage.save("photos/ancienne.jpg", ContentFile(raw))
    photo = factories.place_photo(factories.place(), alt_text="Une salle")
    PlacePhoto.objects.filter(pk=photo.pk).update(image=old_name, width=900, height=600)
    out, _err = run()
    assert "Fichiers traités : 1." in out
    photo.refresh_from_db()
    assert photo.image.name != old_name
    assert (photo.width, photo.height) == (600, 900)
    assert len(photo.sha256) == 64
    assert not open_back(photo.image.name).getexif()
    assert stored_files() == set(photo.stored_file_names())


def test_a_stored_file_that_is_not_an_image_is_reported_and_kept(run):
    old_name = default_storage.save("photos/page.jpg", ContentFile(images.HTML))
    photo = factories.place_photo(factories.place())
    PlacePhoto.objects.filter(pk=photo.pk).update(image=old_name)
    out, err = run()
    assert "Fichiers refusés : 1." in out
    assert "est une page web" in err
    assert stored_files() == {old_name}


def test_a_missing_master_is_reported(run):
    photo = photo_with_file()
    default_storage.delete(photo.image.name)
    out, err = run()
    assert "Fichiers introuvables : 1." in out
    assert f"Fichier introuvable : photo du lieu n° {photo.pk}" in err


def test_orphan_files_are_listed_and_deleted_only_on_request(run):
    photo = photo_with_file()
    orphan = default_storage.save("photos/renditions/perdu-480.webp", ContentFile(b"x"))
    out, _err = run()
    assert f"Fichiers orphelins (1) :\n  {orphan}\n" in out
    assert orphan in stored_files()

    out, _err = run("--delete-orphans")
    assert "(supprimés : 0)" in out, "a file younger than --min-age is never deleted"
    out, _err = run("--delete-orphans", "--min-age", "0")
    assert f"  {orphan} (supprimé)" in out
    assert stored_files() == set(photo.stored_file_names())


def test_dry_run_changes_nothing(run):
    photo = photo_with_file()
    default_storage.delete(photo.renditions[0]["name"])
    orphan = default_storage.save("photos/orphelin.png", ContentFile(b"x"))
    before = stored_files()
    out, _err = run("--dry-run", "--delete-orphans", "--min-age", "0")
    assert "Déclinaisons refaites : 1." in out
    assert stored_files() == before
    assert orphan in before


def test_new_rendition_widths_are_picked_up(run, monkeypatch):
    photo = photo_with_file(images.jpeg(2000, 1000))
    monkeypatch.setattr("photos.processing.RENDITION_WIDTHS", (320, 1200))
    run()
    photo.refresh_from_db()
    assert sorted({r["width"] for r in photo.renditions}) == [320, 1200]
    assert stored_files() == set(photo.stored_file_names())
    assert Image.open(default_storage.open(photo.renditions[0]["name"])).width in (320, 1200)


def test_renditions_are_made_again_even_when_the_limits_were_lowered_since(run, settings):
    photo = photo_with_file()
    default_storage.delete(photo.renditions[0]["name"])
    # The master was accepted under the limits of its day: rebuilding it judges it no more.
    settings.PHOTO_MAX_PIXELS = 1_000
    out, err = run()
    assert "Déclinaisons refaites : 1." in out
    assert err == ""
    photo.refresh_from_db()
    assert stored_files() == set(photo.stored_file_names())
