import html

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests import factories
from visits.models import Announcement, Participant, Person, Quote, Stop, Visit, VisitPhoto

pytestmark = pytest.mark.django_db


def unescaped(response):
    return html.unescape(response.content.decode())


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def visit():
    return factories.visit(title="Visite test")


@pytest.mark.parametrize("model", [Visit, Person])
@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_changelist_and_change_form_open(client, admin_user, editor, visit, model, who):
    client.force_login(admin_user if who == "superuser" else editor)
    row = visit if model is Visit else Person.objects.create(name="Jean Castex", slug="jean-castex")
    assert client.get(admin_url(model, "changelist")).status_code == 200
    filters = {"q": "e", "date__year": "2021"} if model is Visit else {"q": "e"}
    assert client.get(admin_url(model, "changelist"), filters).status_code == 200
    response = client.get(admin_url(model, "change", row.pk))
    assert response.status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200


def test_visit_form_has_every_inline(admin_client, visit):
    response = admin_client.get(admin_url(Visit, "change", visit.pk))
    for heading in [
        "Participants",
        "Étapes de l'itinéraire",
        "Annonces",
        "Citations",
        "Photos de la visite",
    ]:
        assert heading in unescaped(response)


def base_form(visit, **inlines):
    data = {
        "title": visit.title,
        "slug": visit.slug,
        "date": "27/08/2021",
        "date_precision": "day",
        "status": "draft",
    }
    for prefix in ["participants", "stops", "announcements", "quotes", "photos"]:
        rows = inlines.get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def test_saving_stops_that_share_an_order_or_say_nothing_warns(admin_client, visit):
    place = factories.place()
    response = admin_client.post(
        admin_url(Visit, "change", visit.pk),
        base_form(
            visit,
            stops=[
                {"order": 1, "kind": "place_visit", "place": place.pk},
                {"order": 1, "kind": "round_table", "title": "Table ronde"},
            ],
        ),
        follow=True,
    )
    assert response.status_code == 200
    page = unescaped(response)
    assert "plusieurs étapes ont le même ordre (1)" in page
    assert "1 étape(s) n'ont ni lieu ni description." in page
    assert Stop.objects.filter(visit=visit).count() == 2


def test_a_clean_itinerary_gives_no_warning(admin_client, visit):
    response = admin_client.post(
        admin_url(Visit, "change", visit.pk),
        base_form(
            visit,
            stops=[{"order": 1, "kind": "round_table", "title": "Table", "description": "Débat"}],
        ),
        follow=True,
    )
    assertNotContains(response, "Attention")


def test_announced_lines_must_belong_to_the_announced_programme(admin_client, visit):
    programme = factories.programme(lines=[("A", 1)])
    other = factories.programme(lines=[("Ligne étrangère", 1)])
    response = admin_client.post(
        admin_url(Visit, "change", visit.pk),
        base_form(
            visit,
            announcements=[
                {
                    "order": 1,
                    "programme": programme.pk,
                    "lines": other.lines.get().pk,
                    "text": "Annonce",
                }
            ],
        ),
    )
    assert "Ces lignes n'appartiennent pas au programme choisi : Ligne étrangère." in unescaped(
        response
    )
    assert not Announcement.objects.exists()


def test_quote_and_photo_inlines_only_offer_this_visits_participants_and_stops(admin_client, visit):
    mine = factories.participant(visit, office="Premier ministre")
    factories.participant(factories.visit(), office="Ministre d'ailleurs")
    factories.stop(visit, title="Étape d'ici")
    factories.stop(factories.visit(), title="Étape d'ailleurs")
    Quote.objects.create(visit=visit, participant=mine, text="Un mot")
    VisitPhoto.objects.create(visit=visit, caption="Photo")
    response = admin_client.get(admin_url(Visit, "change", visit.pk))
    assertContains(response, "Étape d&#x27;ici")
    assertNotContains(response, "Étape d&#x27;ailleurs")
    assertNotContains(response, "Ministre d&#x27;ailleurs")


def test_editors_may_edit_visits(editor):
    for model in [Person, Visit, Participant, Stop, Announcement, Quote, VisitPhoto]:
        assert editor.has_perm(f"visits.change_{model._meta.model_name}")


def test_load_demo_twice_changes_nothing_in_visits():
    models = [Person, Visit, Participant, Stop, Announcement, Quote, VisitPhoto]

    def snapshot():
        rows = [list(model.objects.order_by("pk").values()) for model in models]
        rows.append(list(Announcement.lines.through.objects.order_by("pk").values()))
        return rows

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
