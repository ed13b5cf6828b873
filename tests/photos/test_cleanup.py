"""No orphan files: deleting a photo or replacing its file removes the old files after commit."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, models

from places.models import PlacePhoto
from tests import factories, images
from tests.photos.conftest import stored_files

pytestmark = pytest.mark.django_db


def photo_with_file(place=None, content=None):
    return factories.place_photo(
        place or factories.place(),
        image=images.upload(content or images.jpeg(1200, 800)),
        alt_text="Une grande salle de coworking",
    )


def test_deleting_a_photo_deletes_its_master_and_renditions_after_commit(
    django_capture_on_commit_callbacks,
):
    photo = photo_with_file()
    kept = photo_with_file()
    assert len(stored_files()) == 14
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo.delete()
    # Until the transaction commits, a rollback must still find the files.
    assert set(photo.stored_file_names()) <= stored_files()
    for callback in callbacks:
        callback()
    assert stored_files() == set(kept.stored_file_names())


def test_replacing_the_file_deletes_the_old_files_and_keeps_the_new(
    django_capture_on_commit_callbacks,
):
    photo = photo_with_file()
    old_names = set(photo.stored_file_names())
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = images.upload(images.png(500, 400), "nouvelle.png")
        photo.save()
    photo.refresh_from_db()
    assert photo.image.name.endswith(".png")
    assert (photo.width, photo.height) == (500, 400)
    assert stored_files() == set(photo.stored_file_names())
    assert not old_names & stored_files()


def test_removing_the_file_deletes_everything_and_leaves_a_placeholder(
    django_capture_on_commit_callbacks,
):
    photo = photo_with_file()
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = None
        photo.save()
    photo.refresh_from_db()
    assert stored_files() == set()
    assert (photo.renditions, photo.width, photo.sha256, photo.file_size) == ([], None, "", None)


def test_deleting_a_place_deletes_the_files_of_all_its_photos(django_capture_on_commit_callbacks):
    place = factories.place()
    photo_with_file(place)
    photo_with_file(place, images.png())
    factories.place_photo(place)
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        place.delete()
    assert stored_files() == set()
    assert not PlacePhoto.objects.exists()


def test_a_database_failure_while_saving_leaves_no_file(monkeypatch):
    def failing_save_base(*args, **kwargs):
        raise DatabaseError("disque plein")

    place = factories.place()
    monkeypatch.setattr(models.Model, "save_base", failing_save_base)
    with pytest.raises(DatabaseError):
        photo_with_file(place)
    assert stored_files() == set()


def test_a_storage_failure_half_way_leaves_no_half_made_rendition(monkeypatch):
    place = factories.place()
    real_save = FileSystemStorage.save
    calls = []

    def failing_on_the_fourth_file(storage, name, content, **kwargs):
        calls.append(name)
        if len(calls) == 4:
            raise OSError("stockage indisponible")
        return real_save(storage, name, content, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", failing_on_the_fourth_file)
    with pytest.raises(OSError, match="stockage indisponible"):
        photo_with_file(place)
    assert len(calls) == 4
    assert stored_files() == set()
    assert not PlacePhoto.objects.exists()


def test_saving_other_fields_leaves_the_files_alone(django_capture_on_commit_callbacks):
    photo = photo_with_file()
    names = set(photo.stored_file_names())
    with django_capture_on_commit_callbacks(execute=True):
        photo.caption = "Nouvelle légende"
        photo.save()
        photo.order = 5
        photo.save(update_fields=["order"])
    assert stored_files() == names
