"""A Photo subclass in another app (tests/photo_subclass, standing in for visits) gets it all."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from photos.registry import duplicates_of, photo_models
from places.models import PlacePhoto
from tests import factories, images
from tests.photo_subclass.models import Album, AlbumPhoto
from tests.photos.conftest import open_back, stored_files

pytestmark = pytest.mark.django_db


def album_photo(album=None, content=None, **overrides):
    values = {"alt_text": "Le Premier ministre écoute une artisane", "caption": "La visite"}
    values.update(overrides)
    return AlbumPhoto.objects.create(
        album=album or Album.objects.create(title="Visite du 27 août"),
        image=images.upload(content or images.jpeg_with_gps_and_orientation(1200, 900)),
        **values,
    )


def test_every_concrete_photo_model_is_found():
    assert {PlacePhoto, AlbumPhoto} <= set(photo_models())


def test_uploads_are_judged_and_processed_the_same_way():
    photo = album_photo()
    assert (photo.width, photo.height) == (900, 1200)
    assert sorted((r["format"], r["width"]) for r in photo.renditions) == [
        ("JPEG", 480),
        ("JPEG", 900),
        ("WEBP", 480),
        ("WEBP", 900),
    ]
    for name in photo.stored_file_names():
        assert not open_back(name).getexif()

    refused = AlbumPhoto(
        album=photo.album, image=images.upload(images.SVG, "x.svg"), alt_text="Un logo"
    )
    with pytest.raises(ValidationError, match="SVG"):
        refused.full_clean()


def test_files_are_deleted_with_the_photo_or_its_parent(django_capture_on_commit_callbacks):
    first = album_photo()
    album_photo(first.album, images.png())
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert not set(first.stored_file_names()) & stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        first.album.delete()
    assert stored_files() == set()


def test_the_command_covers_it(django_capture_on_commit_callbacks):
    photo = album_photo()
    place_photo = factories.place_photo(
        factories.place(), image=images.upload(images.png()), alt_text="Une façade"
    )
    default_storage.delete(photo.renditions[-1]["name"])
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions", stdout=out)
    assert "Photos vérifiées : 2. Déclinaisons refaites : 1." in out.getvalue()
    assert "Fichiers orphelins : 0" in out.getvalue()
    photo.refresh_from_db()
    assert stored_files() == set(photo.stored_file_names()) | set(place_photo.stored_file_names())


def test_duplicates_are_found_across_photo_models():
    place_photo = factories.place_photo(
        factories.place(), image=images.upload(images.jpeg()), alt_text="Une façade"
    )
    photo = album_photo(content=images.jpeg())
    assert duplicates_of(photo) == [place_photo]
    assert duplicates_of(place_photo) == [photo]


def test_its_inline_and_list_work_in_the_admin(admin_client, django_capture_on_commit_callbacks):
    album = Album.objects.create(title="Visite")
    response = admin_client.post(
        reverse("admin:photo_subclass_album_change", args=[album.pk]),
        {
            "title": "Visite",
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "0",
            "photos-0-image": images.upload(images.webp(800, 600)),
            "photos-0-alt_text": "Une table ronde dans un atelier",
            "photos-0-caption": "La table ronde",
            "photos-0-rights_holder": "Radio France",
            "photos-0-order": "1",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    photo = album.photos.get()
    assert len(photo.renditions) == 4
    changelist = admin_client.get(reverse("admin:photo_subclass_albumphoto_changelist"))
    assertContains(changelist, f'src="{photo.thumbnail_url}"')
    assert photo.thumbnail_url.endswith("-480.webp")
    assertContains(changelist, "© Radio France")

    response = admin_client.post(
        reverse("admin:photo_subclass_album_change", args=[album.pk]),
        {
            "title": "Visite",
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "0",
            "photos-0-image": images.upload(images.HTML, "photo.jpg"),
            "photos-0-alt_text": "Une table ronde",
            "photos-0-order": "2",
        },
    )
    assertContains(response, "est une page web ou un document texte")
    assert album.photos.count() == 1
