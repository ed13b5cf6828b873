"""Visit photos go through the same pipeline as place photos: upload, renditions, display."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests import factories, images
from tests.photos.conftest import read_back, stored_files
from visits.models import VisitPhoto

pytestmark = pytest.mark.django_db


def visit_form(client, visit, **photo_fields):
    url = reverse("admin:visits_visit_change", args=[visit.pk])
    data = {
        "title": visit.title,
        "slug": visit.slug,
        "date": "27/08/2021",
        "date_precision": "day",
        "status": "published",
        "published_at_0": "01/09/2021",
        "published_at_1": "10:00:00",
        # What publishing needs (content.editorial): a source, someone who leads the visit,
        # photos with a rights status.
        "sources": [factories.source().pk],
        "participants-0-office": "Premier ministre",
        "participants-0-role": "leads",
        "participants-0-order": "1",
        "photos-0-licence": "tous-droits-reserves",
    }
    for inline in client.get(url).context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = "1" if prefix in {"photos", "participants"} else "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update({f"photos-0-{name}": value for name, value in photo_fields.items()})
    return url, data


def test_editor_uploads_a_visit_photo_tied_to_a_stop(
    editor_client, django_capture_on_commit_callbacks
):
    visit = factories.visit(title="Visite à Carpiquet")
    stop = factories.stop(visit, place=factories.place(name="L'atelier normand"))
    url, data = visit_form(
        editor_client,
        visit,
        image=images.upload(images.jpeg_with_gps_and_orientation(1600, 1200), "DSC_0042.JPG"),
        alt_text="Six personnes en costume devant un établi",
        caption="Le Premier ministre entouré des ministres",
        rights_holder="Radio France",
        creator="Elodie Touchais",
        stop=stop.pk,
        order=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    photo = VisitPhoto.objects.get()
    assert photo.stop == stop
    assert (photo.width, photo.height) == (1200, 1600)
    assert len(photo.renditions) == 6
    assert stored_files() == set(photo.stored_file_names())
    assert b"GPS" not in read_back(photo.image.name)

    page = editor_client.get(visit.get_absolute_url())
    assertContains(page, "<picture>")
    assertContains(page, 'type="image/webp"')
    assertContains(page, f'width="{photo.width}" height="{photo.height}"')
    assertContains(page, "© Radio France - Elodie Touchais")


def test_a_refused_visit_photo_saves_nothing(editor_client):
    visit = factories.visit()
    url, data = visit_form(
        editor_client,
        visit,
        image=images.upload(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "photo.jpg"),
        alt_text="Un dessin",
        caption="Piège",
        order=1,
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert not VisitPhoto.objects.exists()
    assert stored_files() == set()


def test_deleting_a_visit_photo_deletes_its_files(django_capture_on_commit_callbacks):
    visit = factories.visit()
    with django_capture_on_commit_callbacks(execute=True):
        photo = VisitPhoto(
            visit=visit,
            image=images.upload(images.jpeg(800, 600), "a.jpg"),
            alt_text="Une salle",
            caption="Salle",
        )
        photo.full_clean()
        photo.save()
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert stored_files() == set()
