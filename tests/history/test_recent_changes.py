"""The admin's recent changes page: every kind of content, filters, pages, restoring."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pytest_django.asserts import assertContains, assertNotContains

from content.models import Source, Status
from history.context import how
from places.models import Place
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("history:recent_changes")


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_lists_changes_of_every_kind_with_who_and_how(admin_client, admin_user):
    with how("formulaire d'administration"):
        source = factories.source(title="Rapport Mission Coworking")
        source._history_user = admin_user
        source.save()
    factories.place(name="La Fabrique du Coin")
    factories.programme(name="Plan Tiers-lieux", lines=[("Manufactures", "30000000")])
    response = admin_client.get(URL)
    assert response.status_code == 200
    for text in (
        "Rapport Mission Coworking",
        "La Fabrique du Coin",
        "Plan Tiers-lieux",
        "Manufactures",
        "formulaire d&#x27;administration",
        admin_user.username,
    ):
        assertContains(response, text)
    # Each object's own history (old → new values, restore) is one click away.
    assertContains(response, reverse("admin:content_source_history", args=[source.pk]))


def test_filters_by_person_kind_and_date(admin_client, admin_user, editor):
    mine = factories.source(title="Source de l'admin")
    mine._history_user = admin_user
    mine.save()
    theirs = factories.source(title="Source de l'éditrice")
    theirs._history_user = editor
    theirs.save()
    factories.place(name="Un lieu quelconque")

    by_person = admin_client.get(URL, {"person": editor.pk})
    assertContains(by_person, "Source de l&#x27;éditrice")
    assertNotContains(by_person, "Source de l&#x27;admin")

    by_kind = admin_client.get(URL, {"kind": "places.place"})
    assertContains(by_kind, "Un lieu quelconque")
    assertNotContains(by_kind, "Source de l&#x27;")

    today = timezone.localdate()
    assertContains(admin_client.get(URL, {"since": today.isoformat()}), "Un lieu quelconque")
    yesterday = today - datetime.timedelta(days=1)
    assertNotContains(admin_client.get(URL, {"until": yesterday.isoformat()}), "Un lieu quelconque")


@pytest.mark.parametrize(
    "query",
    [
        {"since": "2021-02-30"},
        {"until": "9999-12-31"},
        {"since": "2022-01-02", "until": "2022-01-01"},
        {"kind": "auth.user"},
        {"person": "99999"},
        {"before": "pas une date"},
    ],
)
def test_odd_filters_are_refused_in_french_never_a_500(admin_client, query):
    response = admin_client.get(URL, query)
    assert response.status_code == 200


def test_an_impossible_period_says_why(admin_client):
    response = admin_client.get(URL, {"since": "2022-01-02", "until": "2022-01-01"})
    assertContains(response, "La date de fin précède la date de début.")


def test_pages_follow_each_other_without_gap(admin_client):
    for number in range(120):
        factories.source(title=f"Source numéro {number:03d}")
    seen = []
    url = URL
    for _page in range(5):
        response = admin_client.get(url)
        seen += [e.label for e in response.context["entries"]]
        if not response.context["next_url"]:
            break
        url = URL + response.context["next_url"]
    assert sorted(seen) == sorted(f"Source numéro {n:03d}" for n in range(120))


def test_query_count_does_not_grow_with_the_history(admin_client, django_assert_max_num_queries):
    def count():
        with django_assert_max_num_queries(100) as captured:
            admin_client.get(URL)
        return len(captured)

    for number in range(5):
        factories.place(name=f"Lieu {number}", sources=[factories.source()])
    small = count()
    for number in range(60):
        factories.place(name=f"Autre lieu {number}", sources=[factories.source()])
    assert count() == small


def test_editors_only_see_what_they_may_view(client, editor):
    factories.place(name="Lieu visible")
    client.force_login(editor)
    response = client.get(URL)
    assertContains(response, "Lieu visible")
    kinds = dict(response.context["form"].fields["kind"].choices)
    assert "places.place" in kinds
    editor.groups.clear()
    editor.user_permissions.add(Permission.objects.get(codename="view_source"))
    response = client.get(URL)
    assertNotContains(response, "Lieu visible")


def test_restoring_a_deleted_object(admin_client, admin_user):
    place = factories.place(name="Lieu supprimé par erreur", sources=[factories.source()])
    pk = place.pk
    place.delete()
    record = Place.revisions.model.objects.get(id=pk, history_type="-")
    page = admin_client.get(URL)
    assertContains(page, record and "Restaurer")
    response = admin_client.post(
        reverse("history:restore_deleted", args=["places", "place", record.history_id]),
        follow=True,
    )
    assertContains(response, "est restauré tel qu&#x27;il était avant sa suppression")
    restored = Place.objects.get(pk=pk)
    assert restored.name == "Lieu supprimé par erreur"
    # Its sources were links, not part of it: back as a draft, to be checked again.
    assert restored.status == Status.DRAFT
    last = restored.revisions.latest("history_date")
    assert last.history_user == admin_user
    # The date in the editors' time zone (Paris), not UTC.
    deleted_at = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    assert last.history_change_reason == f"restauration de l'élément supprimé le {deleted_at}"


def test_restoring_refuses_what_cannot_come_back(admin_client):
    source = factories.source(title="Source")
    pk = source.pk
    source.delete()
    record = Source.revisions.model.objects.get(id=pk, history_type="-")
    url = reverse("history:restore_deleted", args=["content", "source", record.history_id])
    admin_client.post(url)
    # Twice: it exists again, nothing to do.
    response = admin_client.post(url, follow=True)
    assertContains(response, "n&#x27;est pas supprimé")
    assert Source.objects.filter(pk=pk).count() == 1
    # A GET changes nothing.
    assert admin_client.get(url).status_code == 405


def test_restoring_needs_the_add_permission(client, editor):
    source = factories.source()
    pk = source.pk
    source.delete()
    record = Source.revisions.model.objects.get(id=pk, history_type="-")
    editor.groups.clear()
    editor.user_permissions.add(Permission.objects.get(codename="view_source"))
    client.force_login(editor)
    url = reverse("history:restore_deleted", args=["content", "source", record.history_id])
    assert client.post(url).status_code == 403
    assert not Source.objects.filter(pk=pk).exists()
