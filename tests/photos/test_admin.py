"""The admin upload path, end to end, as an editor uses it."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from content.models import Status
from places.models import Department, Place, PlacePhoto
from tests import factories, images
from tests.photos.conftest import stored_files
from tests.photos.test_uploads import REFUSED

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:places_place_add")


def other_inlines(client, url):
    """Empty management forms for the place's other inlines: these tests only post photos."""
    data = {}
    for inline in client.get(url).context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.prefix != "photos":
            assert formset.initial_form_count() == 0
            data[f"{formset.prefix}-TOTAL_FORMS"] = "0"
            data[f"{formset.prefix}-INITIAL_FORMS"] = "0"
    return data


# The place's lifecycle, as the form posts it by default.
LIFECYCLE = {"lifecycle": "open", "opened_on_precision": "year", "closed_on_precision": "year"}


def new_place_data(client, **photo_fields):
    data = {
        **other_inlines(client, ADD_URL),
        **LIFECYCLE,
        "name": "Fablab de Caen",
        "slug": "fablab-de-caen",
        "department": Department.objects.get(code="14").pk,
        "postcode": "14000",
        "commune_name": "Caen",
        "commune_code": "14118",
        "status": Status.PUBLISHED,
        # What publishing needs (content.editorial): a source, a photo's rights status.
        "sources": [factories.source().pk],
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-0-order": "1",
        "photos-0-caption": "L'entrée du fablab",
        "photos-0-rights_holder": "Ville de Caen",
        "photos-0-creator": "Camille Martin",
        "photos-0-licence": "cc-by-4.0",
    }
    data.update({f"photos-0-{name}": value for name, value in photo_fields.items()})
    return data


def change_data(client, place, photo, **photo_fields):
    """What the change form posts back for a place and its one photo."""
    data = {
        **other_inlines(client, reverse("admin:places_place_change", args=[place.pk])),
        **LIFECYCLE,
        "name": place.name,
        "slug": place.slug,
        "department": place.department_id,
        "status": place.status,
        "sources": [source.pk for source in place.sources.all()] or [factories.source().pk],
        "published_at_0": place.published_at.strftime("%d/%m/%Y"),
        "published_at_1": place.published_at.strftime("%H:%M:%S"),
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "1",
        "photos-0-id": photo.pk,
        "photos-0-place": place.pk,
        "photos-0-order": photo.order,
        "photos-0-caption": photo.caption,
        "photos-0-alt_text": photo.alt_text,
        "photos-0-creator": photo.creator,
        "photos-0-rights_holder": photo.rights_holder,
        "photos-0-licence": photo.licence or "cc-by-4.0",
    }
    data.update({f"photos-0-{name}": value for name, value in photo_fields.items()})
    return data


def test_editor_uploads_a_photo_with_a_new_place(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            ADD_URL,
            new_place_data(
                editor_client,
                image=images.upload(images.jpeg_with_gps_and_orientation(1600, 1200), "IMG_1.JPG"),
                alt_text="Une imprimante 3D en marche sur un établi",
                licence="cc-by-4.0",
            ),
        )
    assert response.status_code == 302, response.context["errors"]
    photo = Place.objects.get(slug="fablab-de-caen").photos.get()
    assert (photo.width, photo.height) == (1200, 1600)
    assert photo.licence == "cc-by-4.0"
    assert photo.credit_line == "© Ville de Caen - Camille Martin"
    assert len(photo.renditions) == 6
    assert stored_files() == set(photo.stored_file_names())
    assert "IMG_1" not in photo.image.name

    page = editor_client.get(photo.place.get_absolute_url())
    assertContains(page, "<picture>")
    assertContains(page, "© Ville de Caen - Camille Martin")


@pytest.mark.parametrize(("content", "name", "message"), REFUSED)
def test_refused_upload_shows_the_french_message_and_saves_nothing(
    editor_client, content, name, message
):
    response = editor_client.post(
        ADD_URL,
        new_place_data(
            editor_client, image=images.upload(content, name), alt_text="Une façade vitrée"
        ),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["inline_admin_formsets"][0].formset.errors[0]["image"])
    assert message in errors
    assertContains(response, escape(message))
    assert not Place.objects.exists()
    assert not PlacePhoto.objects.exists()
    assert stored_files() == set()


def test_oversize_upload_through_the_admin_with_a_lowered_limit(editor_client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 50 * 1024
    response = editor_client.post(
        ADD_URL,
        new_place_data(
            editor_client, image=images.upload(images.noisy_jpeg()), alt_text="Une façade vitrée"
        ),
    )
    assertContains(response, "la limite est de 0,0")
    assertContains(response, "Mo. Réduisez la photo avant de l&#x27;envoyer.")
    assert not Place.objects.exists()
    assert stored_files() == set()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"alt_text": ""}, "texte alternatif obligatoire"),
        ({"alt_text": "L'entrée du fablab"}, "ne doit pas répéter la légende"),
        ({"alt_text": "IMG_1.JPG"}, "ne doit pas être un nom de fichier"),
        ({"alt_text": "x" * 251}, "au plus 250 caractères"),
        ({"alt_text": "Une façade", "credit": "Photo DR"}, "doit nommer « Ville de Caen »"),
        ({"alt_text": "Une façade", "is_decorative": "on"}, "Une photo décorative n"),
    ],
)
def test_admin_explains_photo_rules_in_french_and_saves_nothing(editor_client, fields, message):
    data = new_place_data(editor_client, image=images.upload(images.jpeg(), "IMG_1.JPG"), **fields)
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assertContains(response, escape(message))
    assert not PlacePhoto.objects.exists()
    assert stored_files() == set()


def test_decorative_photo_needs_no_alt_text(editor_client):
    data = new_place_data(
        editor_client, image=images.upload(images.jpeg()), alt_text="", is_decorative="on"
    )
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert PlacePhoto.objects.get().is_decorative


def test_replacing_the_file_in_the_change_form_leaves_no_old_file(
    editor_client, django_capture_on_commit_callbacks
):
    place = factories.place()
    photo = factories.place_photo(
        place, image=images.upload(images.jpeg(800, 600)), alt_text="Un atelier vide"
    )
    old_names = set(photo.stored_file_names())
    url = reverse("admin:places_place_change", args=[place.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url,
            change_data(
                editor_client, place, photo, image=images.upload(images.webp(640, 480), "b.webp")
            ),
        )
    assert response.status_code == 302, response.context["errors"]
    photo.refresh_from_db()
    assert photo.image.name.endswith(".webp")
    assert stored_files() == set(photo.stored_file_names())
    assert not old_names & stored_files()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url, change_data(editor_client, place, photo, **{"image-clear": "on"})
        )
    assert response.status_code == 302, response.context["errors"]
    assert stored_files() == set()


def test_deleting_a_photo_in_the_change_form_leaves_no_file(
    editor_client, django_capture_on_commit_callbacks
):
    place = factories.place()
    photo = factories.place_photo(
        place, image=images.upload(images.jpeg()), alt_text="Un atelier vide"
    )
    url = reverse("admin:places_place_change", args=[place.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, change_data(editor_client, place, photo, DELETE="on"))
    assert response.status_code == 302, response.context["errors"]
    assert not PlacePhoto.objects.exists()
    assert stored_files() == set()


def test_the_same_image_uploaded_twice_is_flagged(editor_client):
    first_place = factories.place(name="Premier lieu")
    factories.place_photo(
        first_place, image=images.upload(images.jpeg()), alt_text="Un atelier", caption="Avant"
    )
    response = editor_client.post(
        ADD_URL,
        new_place_data(
            editor_client, image=images.upload(images.jpeg(), "copie.jpg"), alt_text="Un atelier"
        ),
        follow=True,
    )
    assertContains(response, '<li class="warning">La photo « L&#x27;entrée du fablab » a déjà')
    assertContains(response, "Même image que : <a href=")
    assertContains(response, "photo du lieu « Avant » (Premier lieu)</a>")
    duplicate = Place.objects.get(slug="fablab-de-caen").photos.get()
    change = editor_client.get(reverse("admin:places_place_change", args=[duplicate.place_id]))
    assertContains(change, "Même image que")
    assertContains(change, "Premier lieu")

    changelist = editor_client.get(
        reverse("admin:places_placephoto_changelist"), {"doublon": "oui"}
    )
    assert changelist.context["cl"].result_count == 2
    assertContains(changelist, "/media/photos/renditions/", count=2)


def test_lists_and_inlines_show_thumbnails_from_the_smallest_rendition(admin_client):
    place = factories.place(name="Lieu illustré")
    photo = factories.place_photo(
        place, image=images.upload(images.jpeg(1200, 800)), alt_text="Un atelier"
    )
    factories.place_photo(place, caption="Sans fichier")
    smallest = min((r for r in photo.renditions if r["format"] == "WEBP"), key=lambda r: r["width"])
    thumbnail = f'src="/media/{smallest["name"]}"'
    for url in [
        reverse("admin:places_place_changelist"),
        reverse("admin:places_placephoto_changelist"),
        reverse("admin:places_place_change", args=[place.pk]),
        reverse("admin:places_placephoto_change", args=[photo.pk]),
    ]:
        response = admin_client.get(url)
        assertContains(response, thumbnail)
        assertNotContains(response, f'src="{photo.image.url}"')
    assertContains(
        admin_client.get(reverse("admin:places_place_change", args=[place.pk])), "1200 × 800 px"
    )


def test_place_changelist_query_count_does_not_grow_with_photos(
    admin_client, django_assert_max_num_queries
):
    for number in range(10):
        place = factories.place(name=f"Lieu {number}")
        for _photo in range(3):
            factories.place_photo(place, image=images.upload(images.jpeg(64, 48)), alt_text="Vue")
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:places_place_changelist"))
    assertContains(response, "/media/photos/renditions/", count=10)
