"""Only Django's storage API touches files: object storage is a settings change, not a code one."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.management import call_command
from pytest_django.asserts import assertContains

from tests import factories, images
from tests.photos.conftest import open_back, stored_files
from tierslieux import settings as project_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_storage(settings):
    """A storage with no local path at all: os.path or open() on MEDIA_ROOT would break."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    yield default_storage
    assert not settings.MEDIA_ROOT.exists(), "something wrote to MEDIA_ROOT directly"


def test_the_whole_life_of_a_photo_on_a_storage_without_files(
    memory_storage, client, django_capture_on_commit_callbacks
):
    place = factories.place()
    photo = factories.place_photo(
        place,
        image=images.upload(images.jpeg_with_gps_and_orientation(1000, 700)),
        alt_text="Un atelier",
    )
    assert isinstance(photo.image.storage._wrapped, InMemoryStorage)
    assert stored_files() == set(photo.stored_file_names())
    assert not open_back(photo.image.name).getexif()
    assertContains(client.get(place.get_absolute_url()), "<picture>")

    memory_storage.delete(photo.renditions[0]["name"])
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_renditions", stdout=out)
    assert "Déclinaisons refaites : 1." in out.getvalue()
    photo.refresh_from_db()
    assert stored_files() == set(photo.stored_file_names())

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert stored_files() == set()


def test_local_disk_is_the_default():
    assert project_settings.media_storage({}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert project_settings.media_storage({"DJANGO_MEDIA_STORAGE": "local"})["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )


def test_a_bucket_name_switches_to_s3_configured_from_the_environment(monkeypatch):
    monkeypatch.setattr(project_settings, "find_spec", lambda name: object())
    config = project_settings.media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "tiers-lieux-medias",
            "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.example.net",
            "AWS_S3_REGION_NAME": "fr-par",
            "AWS_S3_CUSTOM_DOMAIN": "medias.tiers-lieux.example.org",
            "AWS_SECRET_ACCESS_KEY": "ne-doit-pas-apparaitre",
        }
    )
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "tiers-lieux-medias"
    assert options["endpoint_url"] == "https://s3.fr-par.example.net"
    assert options["region_name"] == "fr-par"
    assert options["custom_domain"] == "medias.tiers-lieux.example.org"
    assert options["location"] == "media"
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert "ne-doit-pas-apparaitre" not in repr(config)


@pytest.mark.parametrize(
    ("environ", "installed", "message"),
    [
        ({"DJANGO_MEDIA_STORAGE": "s3"}, True, "demande AWS_STORAGE_BUCKET_NAME"),
        ({"DJANGO_MEDIA_STORAGE": "ftp"}, True, "vaut « local » ou « s3 »"),
        ({"AWS_STORAGE_BUCKET_NAME": "medias"}, False, "pip install -r requirements-s3.txt"),
    ],
)
def test_a_wrong_storage_setting_stops_the_start_with_a_french_message(
    monkeypatch, environ, installed, message
):
    monkeypatch.setattr(project_settings, "find_spec", lambda name: object() if installed else None)
    with pytest.raises(ImproperlyConfigured, match=message):
        project_settings.media_storage(environ)
