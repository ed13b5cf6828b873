import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django.asserts import assertContains

from content.models import Source, Status
from places.models import Department, Place, PlaceKind, Region, Service
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    place = factories.place(sources=[factories.source()])
    factories.place_photo(place)
    return {
        Place: place,
        PlaceKind: PlaceKind.objects.first(),
        Service: factories.service(),
        Source: place.sources.get(),
        Region: Region.objects.get(code="28"),
        Department: Department.objects.get(code="14"),
    }


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", [Place, PlaceKind, Service, Source, Region, Department])
@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_changelist_and_change_form_open_for_superuser_and_editor(
    client, admin_user, editor, content, model, who
):
    client.force_login(admin_user if who == "superuser" else editor)
    row = content[model]
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    response = client.get(admin_url(model, "change", row.pk))
    assert response.status_code == 200
    assertContains(response, str(row)[:20])


def test_editors_edit_content_but_not_user_accounts(client, editor):
    client.force_login(editor)
    assert client.get(admin_url(Place, "add")).status_code == 200
    assert client.get(admin_url(User, "changelist")).status_code == 403
    # Reference tables are read-only for editors.
    assert client.get(admin_url(Department, "add")).status_code == 403


def test_place_change_form_shows_the_photo_inline_and_view_on_site(admin_client, content):
    place = content[Place]
    response = admin_client.get(admin_url(Place, "change", place.pk))
    assertContains(response, "Photos du lieu")
    assertContains(response, "pas de fichier")
    assertContains(response, "Voir sur le site")


def test_editor_creates_a_place_with_a_photo_through_the_admin(editor_client):
    response = editor_client.post(
        admin_url(Place, "add"),
        {
            "name": "Fablab de Caen",
            "slug": "fablab-de-caen",
            "department": Department.objects.get(code="14").pk,
            "postcode": "14000",
            "commune_name": "Caen",
            "commune_code": "14118",
            "status": Status.PUBLISHED,
            "sources": [factories.source().pk],
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "0",
            "photos-0-caption": "L'entrée du fablab",
            "photos-0-rights_holder": "Ville de Caen",
            "photos-0-licence": "cc-by-4.0",
            "photos-0-order": "1",
            "awards-TOTAL_FORMS": "0",
            "awards-INITIAL_FORMS": "0",
            "labels-TOTAL_FORMS": "0",
            "labels-INITIAL_FORMS": "0",
            "lifecycle": "open",
            "opened_on_precision": "year",
            "closed_on_precision": "year",
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    place = Place.objects.get(slug="fablab-de-caen")
    assert place.is_published()
    assert place.photos.get().credit_line == "© Ville de Caen"


def test_admin_form_refuses_an_impossible_address_in_french(admin_client):
    response = admin_client.post(
        admin_url(Place, "add"),
        {
            "name": "Lieu",
            "slug": "lieu",
            "department": Department.objects.get(code="14").pk,
            "postcode": "97400",
            "status": Status.DRAFT,
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "awards-TOTAL_FORMS": "0",
            "awards-INITIAL_FORMS": "0",
            "labels-TOTAL_FORMS": "0",
            "labels-INITIAL_FORMS": "0",
            "lifecycle": "open",
            "opened_on_precision": "year",
            "closed_on_precision": "year",
        },
    )
    assertContains(response, "Le code postal 97400 ne correspond pas au département 14.")
    assert not Place.objects.exists()


def test_publish_and_unpublish_actions_report_how_many_rows_changed(admin_client):
    cited = {"sources": [factories.source()]}
    drafts = [factories.draft_place(**cited), factories.draft_place(**cited)]
    live = factories.place(name="L'atelier normand")
    changelist = admin_url(Place, "changelist")
    response = admin_client.post(
        changelist,
        {"action": "publish", "_selected_action": [p.pk for p in [*drafts, live]]},
        follow=True,
    )
    assertContains(response, "2 lieux publiés.")
    assert Place.objects.published().count() == 3

    response = admin_client.post(
        changelist, {"action": "unpublish", "_selected_action": [live.pk]}, follow=True
    )
    assertContains(response, "Le lieu « L&#x27;atelier normand » est repassé en brouillon.")
    assert Place.objects.published().count() == 2


def test_department_autocomplete_answers_editors(editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "calva", "app_label": "places", "model_name": "place", "field_name": "department"},
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Calvados (14)"
