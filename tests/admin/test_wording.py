"""Page titles, messages and columns in the editors' words."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from places.models import Place
from tests import factories
from visits.models import Visit

pytestmark = pytest.mark.django_db


def test_the_change_form_names_the_place(editor_client):
    place = factories.place(name="L'atelier normand")
    response = editor_client.get(reverse("admin:places_place_change", args=[place.pk]))
    assertContains(
        response, "<title>Modifier le lieu « L&#x27;atelier normand » | Tiers-lieux</title>"
    )
    assertContains(response, "<h1>Modifier le lieu « L&#x27;atelier normand »</h1>", html=True)


def test_the_add_form_and_a_source_form_say_so(admin_client, editor_client):
    assertContains(
        admin_client.get(reverse("admin:visits_visit_add")), "<h1>Ajouter une visite</h1>"
    )
    source = factories.source(title="Ouest-France")
    response = editor_client.get(reverse("admin:content_source_change", args=[source.pk]))
    assertContains(response, "<h1>Modifier la source « Ouest-France »</h1>", html=True)


def test_the_list_title_gives_the_number_of_results(admin_client):
    for name in ["Atelier", "Garage", "Fabrique"]:
        factories.place(name=name)
    response = admin_client.get(reverse("admin:places_place_changelist"))
    assertContains(response, "<title>Lieux — 3 résultats | Tiers-lieux</title>")
    response = admin_client.get(reverse("admin:places_place_changelist"), {"q": "garage"})
    assertContains(response, "<h1>Lieux — 1 résultat</h1>", html=True)
    response = admin_client.get(reverse("admin:places_place_changelist"), {"q": "zzz"})
    assertContains(response, "<h1>Lieux — 0 résultat</h1>", html=True)


def test_thousands_are_grouped_in_messages():
    from content.editor_admin import Wording

    wording = Wording("le lieu", "un lieu", "lieux")
    assert wording.published(1512) == "1\u00a0512 lieux publiés."


def test_saving_says_what_was_saved(admin_client):
    visit = factories.visit(title="Visite à Caen", status="draft", published_at=None)
    data = {
        "title": visit.title,
        "slug": visit.slug,
        "date": "27/08/2021",
        "date_precision": "day",
        "status": "draft",
    }
    for prefix in ["participants", "stops", "announcements", "quotes", "photos"]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    response = admin_client.post(
        reverse("admin:visits_visit_change", args=[visit.pk]), data, follow=True
    )
    assertContains(response, "La visite « Visite à Caen » a été enregistrée.")
    assertNotContains(response, "avec succès")


def test_publishing_one_row_names_it(admin_client):
    place = factories.draft_place(name="La Fabrique", sources=[factories.source()])
    response = admin_client.post(
        reverse("admin:places_place_changelist"),
        {"action": "publish", "_selected_action": [place.pk]},
        follow=True,
    )
    assertContains(response, "Le lieu « La Fabrique » a été publié.")
    visits = [factories.visit(), factories.visit()]
    response = admin_client.post(
        reverse("admin:visits_visit_changelist"),
        {"action": "unpublish", "_selected_action": [row.pk for row in visits]},
        follow=True,
    )
    assertContains(response, "2 visites repassées en brouillon.")


@pytest.mark.parametrize("model", [Place, Visit])
def test_published_rows_link_to_their_page_and_drafts_do_not(admin_client, model):
    if model is Place:
        live = factories.place(name="En ligne")
        draft = factories.draft_place(name="Brouillon")
    else:
        live = factories.visit(title="En ligne")
        draft = factories.visit(title="Brouillon", status="draft", published_at=None)
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assertContains(
        response,
        f'<a href="{live.get_absolute_url()}">Voir sur le site'
        '<span class="visually-hidden"> : En ligne</span></a>',
        html=True,
    )
    assertContains(response, "Voir sur le site", count=1)
    assertNotContains(response, draft.get_absolute_url())


def test_counts_agree_as_french_does():
    from content.editor_admin import Wording

    visits = Wording("la visite", "une visite", "visites", feminine=True)
    assert visits.published(0) == "0 visite publiée."
    assert visits.unpublished(2) == "2 visites repassées en brouillon."
