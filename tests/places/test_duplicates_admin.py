from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import models
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from funding.models import Award
from places import duplicates_admin
from places.models import Commune, Place, PlaceRedirect
from tests import factories

pytestmark = pytest.mark.django_db

DUPLICATES_URL = reverse("admin:places_place_duplicates")


def merge_url(keep, remove):
    return reverse("admin:places_place_merge", args=[keep.pk, remove.pk])


def commune(code):
    return Commune.objects.get(code=code, kind=Commune.Kind.CURRENT)


@pytest.fixture
def lille_pair():
    census = factories.dataset(title="Recensement CGET 2019")
    first = factories.place(name="1624 COWORKIN'LILLE", commune=commune("59350"))
    factories.provenance(first, dataset=census)
    second = factories.place(
        name="1624 Cowork'in Lille",
        commune=commune("59350"),
        website="https://1624.fr",
        latitude=Decimal("50.6330"),
        longitude=Decimal("3.0600"),
    )
    factories.place_photo(second)
    factories.place_photo(second)
    return first, second


@pytest.fixture
def caen_pair():
    return (
        factories.place(name="Le WIP", commune=commune("14118")),
        factories.place(name="WIP - tiers-lieu", commune=commune("14118")),
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def staff_with(*codenames):
    user = factories.user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="places", codename__in=codenames)
    )
    return user


@pytest.mark.parametrize(
    "codenames", [(), ("view_place",), ("view_place", "change_place"), ("delete_place",)]
)
def test_both_pages_need_change_and_delete_permissions(client, lille_pair, codenames):
    first, second = lille_pair
    client.force_login(staff_with(*codenames))
    assert client.get(DUPLICATES_URL).status_code == 403
    assert client.get(merge_url(first, second)).status_code == 403
    assert client.post(merge_url(first, second)).status_code == 403
    assert Place.objects.count() == 2


def test_anonymous_visitors_are_sent_to_the_login_page(client, lille_pair):
    response = client.get(DUPLICATES_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_editors_see_pairs_side_by_side(editor_client, lille_pair):
    first, second = lille_pair
    response = editor_client.get(DUPLICATES_URL)
    assertContains(response, "<caption>Paire 1 — 100 % : même nom, même commune</caption>")
    assertContains(response, '<th scope="col">Lieu A</th>')
    assertContains(response, '<th scope="row">Provenance</th>')
    assertContains(
        response,
        '<tr><th scope="row">Provenance</th><td>Recensement CGET 2019</td>'
        "<td>saisi sur le site</td></tr>",
        html=True,
    )
    assertContains(response, '<th scope="row">Photos</th><td>0</td><td>2</td>', html=True)
    assertContains(
        response,
        '<tr><th scope="row">Site web</th><td>—</td><td>https://1624.fr</td></tr>',
        html=True,
    )
    assertContains(response, f'href="{merge_url(first, second)}">Fusionner (garder A)</a>')
    assertContains(response, f'href="{merge_url(second, first)}">Fusionner (garder B)</a>')
    assertContains(response, "1 paire probable.")


def test_change_list_links_to_the_duplicates_for_those_who_may_merge(client, editor_client):
    changelist = reverse("admin:places_place_changelist")
    assertContains(editor_client.get(changelist), f'href="{DUPLICATES_URL}"')
    client.force_login(staff_with("view_place", "change_place"))
    assertNotContains(client.get(changelist), f'href="{DUPLICATES_URL}"')


def test_filter_by_department(editor_client, lille_pair, caen_pair):
    response = editor_client.get(DUPLICATES_URL)
    assertContains(response, "2 paires probables.")
    response = editor_client.get(DUPLICATES_URL, {"departement": "14"})
    assertContains(response, "Le WIP")
    assertNotContains(response, "1624")
    assertContains(response, '<option value="14" selected>Calvados (14)</option>', html=True)
    response = editor_client.get(DUPLICATES_URL, {"departement": "99"})
    assertContains(response, "Département inconnu : « 99 ».")
    assertContains(response, "Aucun doublon probable")


def test_pages_of_pairs_keep_the_filter(editor_client, monkeypatch, caen_pair):
    monkeypatch.setattr(duplicates_admin, "PAIRS_PER_PAGE", 1)
    factories.place(name="La Fabrique", commune=commune("14118"))
    factories.place(name="La Fabrique (SCIC)", commune=commune("14118"))
    response = editor_client.get(DUPLICATES_URL, {"departement": "14"})
    assertContains(response, "2 paires probables dans le département Calvados (14) — page 1 sur 2.")
    assertContains(response, 'href="?departement=14&amp;page=2">Page suivante</a>')
    response = editor_client.get(DUPLICATES_URL, {"departement": "14", "page": 2})
    assertContains(response, "<caption>Paire 2 —")


@pytest.mark.parametrize("extra_pairs", [0, 6])
def test_duplicates_page_query_count_does_not_grow_with_places(
    editor_client, django_assert_num_queries, lille_pair, extra_pairs
):
    for number in range(extra_pairs):
        for suffix in ("", " (SCIC)"):
            place = factories.place(name=f"Tiers-lieu {number}{suffix}", commune=commune("14118"))
            factories.place_photo(place)
            factories.provenance(place)
    # Session, user, their permissions (2), departments, places compared, places shown,
    # their provenances.
    with django_assert_num_queries(8):
        response = editor_client.get(DUPLICATES_URL)
    assert response.content.decode().count("<caption>Paire ") == 1 + extra_pairs


def test_confirmation_page_shows_what_will_move_and_changes_nothing(editor_client, lille_pair):
    first, second = lille_pair
    factories.award(factories.programme(lines=[("Ligne", "1000")]).lines.get(), second)
    response = editor_client.get(merge_url(first, second))
    assertContains(
        response, "Fusionner « 1624 Cowork&#x27;in Lille » dans « 1624 COWORKIN&#x27;LILLE »"
    )
    assertContains(response, '<th scope="row">Photos du lieu</th><td class="num">2</td>', html=True)
    assertContains(response, '<th scope="row">Subvention</th><td class="num">1</td>', html=True)
    assertContains(response, '<th scope="row">Site web</th><td>https://1624.fr</td>', html=True)
    assertContains(
        response, '<th scope="row">Coordonnées</th><td>50.6330000, 3.0600000</td>', html=True
    )
    assertContains(response, 'name="csrfmiddlewaretoken"')
    assertContains(response, '<input type="submit" class="default" value="Fusionner">')
    assert Place.objects.count() == 2
    assert not PlaceRedirect.objects.exists()


def test_merging_redirects_to_the_place_kept_with_a_french_message(editor_client, lille_pair):
    first, second = lille_pair
    response = editor_client.post(merge_url(first, second))
    assertRedirects(
        response,
        reverse("admin:places_place_change", args=[first.pk]),
        fetch_redirect_response=False,
    )
    assert messages_of(response) == [
        "« 1624 Cowork'in Lille » a été fusionné dans « 1624 COWORKIN'LILLE ». "
        "Repris : 2 photos du lieu. Champs complétés : coordonnées, site web. "
        "L'ancienne adresse redirige vers « 1624 COWORKIN'LILLE »."
    ]
    assert list(Place.objects.all()) == [first]
    assert PlaceRedirect.objects.get().old_slug == second.slug


def test_refused_merge_is_an_error_message_and_changes_nothing(
    editor_client, lille_pair, monkeypatch
):
    first, second = lille_pair
    constraint = models.UniqueConstraint(fields=["line", "place"], name="test_award_once")
    monkeypatch.setattr(Award._meta, "constraints", [*Award._meta.constraints, constraint])
    line = factories.programme(lines=[("Fabriques de territoire", "1000")]).lines.get()
    factories.award(line, first)
    factories.award(line, second)
    page = editor_client.get(merge_url(first, second))
    assertContains(page, "Cette fusion est impossible pour l'instant")
    assertNotContains(page, 'value="Fusionner"')

    response = editor_client.post(merge_url(first, second))
    assertRedirects(response, merge_url(first, second), fetch_redirect_response=False)
    [message] = messages_of(response)
    assert message.startswith("Fusion impossible : ")
    assert "ligne budgétaire « Programme" in message
    assert "Fabriques de territoire »" in message
    assert Place.objects.count() == 2
    assert second.photos.count() == 2


def test_a_place_is_not_merged_with_itself_nor_with_a_missing_one(editor_client, lille_pair):
    first, _second = lille_pair
    response = editor_client.post(merge_url(first, first))
    assertRedirects(response, DUPLICATES_URL, fetch_redirect_response=False)
    assert messages_of(response) == ["Un lieu ne peut pas être fusionné avec lui-même."]
    missing = reverse("admin:places_place_merge", args=[first.pk, 999_999])
    assert editor_client.get(missing).status_code == 404
    assert editor_client.post(missing).status_code == 404
    assert Place.objects.count() == 2


def test_merging_needs_the_csrf_token(editor, lille_pair):
    first, second = lille_pair
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(merge_url(first, second)).status_code == 403
    assert Place.objects.count() == 2
