"""The editorial rules, wherever content is published: the admin forms, the publish action,
the importer and the demo."""

import html
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from content.models import Status
from funding.models import Programme
from places.models import Department, Place, PlacePhoto
from tests import factories
from tests.places.import_files import REGIONAL_MAPPING, import_regional
from visits.models import Participant, Visit, VisitPhoto

pytestmark = pytest.mark.django_db

PLACE_NO_SOURCE = "Ce lieu ne cite aucune source : ajoutez-en une avant de le publier."
PROGRAMME_NO_SOURCE = "Ce programme ne cite aucune source : ajoutez-en une avant de le publier."
VISIT_NO_SOURCE = "Cette visite ne cite aucune source : ajoutez-en une avant de la publier."
NO_LEAD = "Cette visite n'a personne qui la conduit"
PHOTO_INCOMPLETE = "Une photo n'a pas de légende, de crédit ou de statut de droits"


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def page_text(response):
    return html.unescape(response.content.decode())


def publish_action(client, model, rows):
    return client.post(
        admin_url(model, "changelist"),
        {"action": "publish", "_selected_action": [row.pk for row in rows]},
        follow=True,
    )


# --- the publish action ---------------------------------------------------------------------


def test_publish_action_publishes_complete_places_and_names_the_refused_ones(admin_client):
    cited = factories.draft_place(name="Lieu sourcé", sources=[factories.source()])
    imported = factories.draft_place(name="Lieu importé")
    factories.provenance(imported)
    bare = factories.draft_place(name="Lieu sans source")
    badly_photographed = factories.draft_place(name="Lieu à la photo muette")
    badly_photographed.sources.set([factories.source()])
    factories.place_photo(badly_photographed, caption="", licence="cc-by-4.0")

    page = page_text(
        publish_action(admin_client, Place, [cited, imported, bare, badly_photographed])
    )

    assert "2 lieux publiés." in page
    assert "2 éléments ne sont pas publiés, ils sont incomplets :" in page
    assert f"« Lieu sans source » : {PLACE_NO_SOURCE}" in page
    assert f"« Lieu à la photo muette » : {PHOTO_INCOMPLETE}" in page
    assert set(Place.objects.published()) == {cited, imported}
    bare.refresh_from_db()
    assert bare.status == Status.DRAFT and bare.published_at is None


def test_publish_action_refuses_a_programme_without_source(admin_client):
    cited = factories.programme(
        status=Status.DRAFT, published_at=None, sources=[factories.source()]
    )
    bare = factories.programme(name="Programme nu", status=Status.DRAFT, published_at=None)

    page = page_text(publish_action(admin_client, Programme, [cited, bare]))

    assert "1 programme publié." in page
    assert f"« Programme nu » : {PROGRAMME_NO_SOURCE}" in page
    assert list(Programme.objects.published()) == [cited]


def test_publish_action_refuses_a_visit_without_source_or_lead(admin_client):
    complete = factories.visit(status=Status.DRAFT, published_at=None)
    complete.sources.set([factories.source()])
    factories.participant(complete)
    unled = factories.visit(title="Visite sans chef", status=Status.DRAFT, published_at=None)
    unled.sources.set([factories.source()])
    factories.participant(unled, role=Participant.Role.ACCOMPANIES)
    bare = factories.visit(title="Visite nue", status=Status.DRAFT, published_at=None)

    page = page_text(publish_action(admin_client, Visit, [complete, unled, bare]))

    assert "1 visite publiée." in page
    assert "« Visite sans chef » : " + NO_LEAD in page
    assert "« Visite nue » : " + VISIT_NO_SOURCE in page
    assert list(Visit.objects.published()) == [complete]


def test_bulk_publish_leaves_incomplete_rows_as_drafts_and_says_why():
    cited = factories.draft_place(sources=[factories.source()])
    bare = factories.draft_place(name="Sans source")
    rows = Place.objects.filter(pk__in=[cited.pk, bare.pk])

    assert [(row.name, [str(why) for why in whys]) for row, whys in rows.refusals()] == [
        ("Sans source", [PLACE_NO_SOURCE])
    ]
    assert rows.publish() == 1
    assert list(Place.objects.published()) == [cited]


# --- the « Incomplet » filters --------------------------------------------------------------


def test_incomplete_filters_list_what_publishing_would_refuse(admin_client):
    factories.place(name="Lieu complet", sources=[factories.source()])
    factories.draft_place(name="Lieu incomplet")
    factories.programme(name="Programme complet", sources=[factories.source()])
    factories.programme(name="Programme incomplet")
    led = factories.visit(title="Visite complète")
    led.sources.set([factories.source()])
    factories.participant(led)
    unsourced = factories.visit(title="Visite incomplète")
    place = factories.place(name="Lieu photographié", sources=[factories.source()])
    factories.place_photo(place, caption="Photo complète", licence="cc-by-4.0")
    factories.place_photo(place, caption="Photo sans licence")
    VisitPhoto.objects.create(
        visit=unsourced, caption="Photo de visite sans crédit", licence="cc0-1.0"
    )

    for model, complete, incomplete in [
        (Place, "Lieu complet", "Lieu incomplet"),
        (Programme, "Programme complet", "Programme incomplet"),
        (Visit, "Visite complète", "Visite incomplète"),
        (PlacePhoto, "Photo complète", "Photo sans licence"),
        (VisitPhoto, None, "Photo de visite sans crédit"),
    ]:
        response = admin_client.get(admin_url(model, "changelist"), {"incomplet": "oui"})
        assert response.status_code == 200
        page = page_text(response)
        assert "Incomplet" in page
        assert incomplete in page, model
        if complete:
            assert complete not in page, model


# --- the admin forms ------------------------------------------------------------------------


def place_form(**values):
    return {
        "name": "Fablab de Caen",
        "slug": "fablab-de-caen",
        "department": Department.objects.get(code="14").pk,
        "postcode": "14000",
        "commune_name": "Caen",
        "commune_code": "14118",
        "status": Status.PUBLISHED,
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "awards-TOTAL_FORMS": "0",
        "awards-INITIAL_FORMS": "0",
        "labels-TOTAL_FORMS": "0",
        "labels-INITIAL_FORMS": "0",
        "lifecycle": "open",
        "opened_on_precision": "year",
        "closed_on_precision": "year",
        **values,
    }


def test_place_form_refuses_to_publish_without_source(admin_client):
    response = admin_client.post(admin_url(Place, "add"), place_form())
    assert response.status_code == 200
    assert PLACE_NO_SOURCE in page_text(response)
    assert not Place.objects.exists()

    response = admin_client.post(admin_url(Place, "add"), place_form(status=Status.DRAFT))
    assert response.status_code == 302
    assert Place.objects.get().status == Status.DRAFT


def test_place_form_publishes_with_a_source(admin_client):
    source = factories.source()
    response = admin_client.post(admin_url(Place, "add"), place_form(sources=[source.pk]))
    assert response.status_code == 302
    assert Place.objects.get().is_published()


def test_place_form_counts_an_import_provenance_as_a_source(admin_client):
    place = factories.draft_place(name="Importé", slug="importe")
    factories.provenance(place)
    response = admin_client.post(
        admin_url(Place, "change", place.pk), place_form(name="Importé", slug="importe")
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.is_published()


def test_place_form_refuses_a_photo_without_rights_status_on_a_published_place(admin_client):
    source = factories.source()
    photo = {
        "photos-TOTAL_FORMS": "1",
        "photos-0-caption": "L'entrée du fablab",
        "photos-0-rights_holder": "Ville de Caen",
        "photos-0-order": "1",
    }
    response = admin_client.post(admin_url(Place, "add"), place_form(sources=[source.pk], **photo))
    assert response.status_code == 200
    assert "Cette photo n'a pas de statut de droits" in page_text(response)
    assert not Place.objects.exists()

    photo["photos-0-licence"] = "cc-by-4.0"
    response = admin_client.post(admin_url(Place, "add"), place_form(sources=[source.pk], **photo))
    assert response.status_code == 302
    assert Place.objects.get().photos.get().licence == "cc-by-4.0"


def test_photo_form_refuses_a_caption_less_photo_of_a_published_place(admin_client):
    place = factories.place(sources=[factories.source()])
    response = admin_client.post(
        admin_url(PlacePhoto, "add"),
        {"place": place.pk, "rights_holder": "Ville de Caen", "licence": "cc-by-4.0", "order": 1},
    )
    assert response.status_code == 200
    assert "Cette photo n'a pas de légende." in page_text(response)
    assert not PlacePhoto.objects.exists()


def programme_form(**values):
    return {
        "name": "Programme test",
        "slug": "programme-test",
        "announced_on_precision": "day",
        "total_amount": "1000",
        "status": Status.PUBLISHED,
        "fundings-TOTAL_FORMS": "0",
        "fundings-INITIAL_FORMS": "0",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        **values,
    }


def test_programme_form_refuses_to_publish_without_source(admin_client):
    response = admin_client.post(admin_url(Programme, "add"), programme_form())
    assert response.status_code == 200, response
    assert PROGRAMME_NO_SOURCE in page_text(response)
    assert not Programme.objects.exists()

    source = factories.source()
    response = admin_client.post(admin_url(Programme, "add"), programme_form(sources=[source.pk]))
    assert response.status_code == 302
    assert Programme.objects.get().is_published()


def visit_form(**values):
    data = {
        "title": "Visite test",
        "slug": "visite-test",
        "date": "27/08/2021",
        "date_precision": "day",
        "status": Status.PUBLISHED,
    }
    for prefix in ["participants", "stops", "announcements", "quotes", "photos"]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(values)
    return data


def test_visit_form_refuses_to_publish_without_source_or_lead(admin_client):
    source = factories.source()
    companion = {
        "participants-TOTAL_FORMS": "1",
        "participants-0-office": "Ministre des PME",
        "participants-0-role": Participant.Role.ACCOMPANIES,
        "participants-0-order": "1",
    }
    response = admin_client.post(admin_url(Visit, "add"), visit_form(**companion))
    page = page_text(response)
    assert response.status_code == 200
    assert VISIT_NO_SOURCE in page
    assert NO_LEAD in page
    assert not Visit.objects.exists()

    companion["participants-0-role"] = Participant.Role.LEADS
    response = admin_client.post(
        admin_url(Visit, "add"), visit_form(sources=[source.pk], **companion)
    )
    assert response.status_code == 302
    assert Visit.objects.get().is_published()


# --- the importer ---------------------------------------------------------------------------


def test_import_without_dataset_brings_places_in_as_drafts_and_says_why():
    mapping = {k: v for k, v in REGIONAL_MAPPING.items() if k not in {"dataset", "identifier"}}
    report = import_regional(mapping=mapping)

    assert report.applied
    assert not Place.objects.published().exists()
    assert Place.objects.filter(status=Status.DRAFT).count() == len(report.rows) == 4
    for row in report.rows:
        assert f"{PLACE_NO_SOURCE} Le lieu est importé en brouillon." in row.notes


def test_import_of_a_dataset_publishes_places_that_cite_it():
    report = import_regional()

    assert report.applied
    published = Place.objects.published()
    assert published.count() == 4
    assert not published.incomplete().exists()


# --- the demo -------------------------------------------------------------------------------


def test_demo_publishes_nothing_that_breaks_a_rule():
    call_command("load_demo", stdout=io.StringIO())

    for model in (Place, Programme, Visit):
        published = model.objects.published()
        assert published.exists(), model
        assert not published.incomplete().exists(), model
    photos = [
        *PlacePhoto.objects.filter(place__in=Place.objects.published()),
        *VisitPhoto.objects.filter(visit__in=Visit.objects.published()),
    ]
    assert len(photos) == 4
    assert all(photo.editorial_problems() == [] for photo in photos)
