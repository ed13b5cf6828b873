import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from content.models import Status
from funding.models import Indicator
from history import changes
from places.models import PlaceImport
from tests import factories

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
# The last changes: one query per recorded model (history.changes), all visible to both roles.
RECORDED = len(changes.recorded_models())
PLACES = reverse("admin:places_place_changelist")


def later(days=3):
    return timezone.now() + datetime.timedelta(days=days)


def make_content(size):
    """`size` of each: published places, drafts, scheduled places, places citing no source (the
    « incomplet » rule), duplicate pairs, imports and changes of a place."""
    source = factories.source()
    for number in range(size):
        factories.place(name=f"Maison {number}", sources=[source])
        factories.draft_place(name=f"Brouillon {number}", sources=[source])
        factories.place(name=f"Bientôt {number}", published_at=later(), sources=[source])
        factories.draft_place(name=f"Sans source {number}")
        factories.place(name=f"Fabrique numéro {number}", commune_name="Caen", sources=[source])
        factories.place(name=f"Fabrique numero {number}", commune_name="Caen", sources=[source])
        factories.programme(status=Status.DRAFT, published_at=None)
        factories.visit(status=Status.PUBLISHED, published_at=later())
        PlaceImport.objects.create(file_name=f"fichier-{number}.csv", file_format="cget")
    place = factories.place(name="L'atelier normand", sources=[source])
    for number in range(size):
        place.surface_m2 = 800 + number
        place._history_user = factories.user(is_staff=True)
        place.save()
    Indicator.objects.create(measure="Tiers-lieux en France", year=2021, value=2500)


def test_dashboard_counts_what_waits_and_links_to_the_list_resolving_it(admin_client):
    make_content(2)
    response = admin_client.get(INDEX)
    assertContains(response, "<title>Tableau de bord | Tiers-lieux</title>", html=True)
    # 2 drafts with a source, 2 without; the incomplete ones are drafts too.
    assertContains(
        response,
        f'<a href="{PLACES}?publication=brouillon"><strong>4</strong> brouillons à publier</a>',
        html=True,
    )
    assertContains(
        response,
        f'<a href="{PLACES}?publication=programme"><strong>2</strong> publications programmées</a>',
        html=True,
    )
    assertContains(
        response,
        f'<a href="{PLACES}?incomplet=oui">'
        "<strong>2</strong> incomplets (règles de publication)</a>",
        html=True,
    )
    programmes = reverse("admin:funding_programme_changelist")
    assertContains(
        response,
        f'<a href="{programmes}?publication=brouillon"><strong>2</strong> brouillons à publier</a>',
        html=True,
    )
    visits = reverse("admin:visits_visit_changelist")
    assertContains(
        response,
        f'<a href="{visits}?publication=programme"><strong>2</strong> publications programmées</a>',
        html=True,
    )
    duplicates = reverse("admin:places_place_duplicates")
    assertContains(
        response, f'<a href="{duplicates}"><strong>2</strong> doublons probables</a>', html=True
    )
    newest = PlaceImport.objects.first()
    report = reverse("admin:places_place_import_report", args=[newest.pk])
    assertContains(response, f'<a href="{report}">fichier-1.csv</a>', html=True)
    assertContains(response, "Dernières modifications")
    assertContains(
        response,
        f'<a href="{reverse("history:recent_changes")}">Toutes les modifications récentes</a>',
        html=True,
    )
    assertContains(response, "L&#x27;atelier normand")
    # The home page's figures: 2 × 3 published places online (not the scheduled), and the atelier.
    assertContains(response, "<strong>7</strong> lieux en ligne")
    assertContains(response, "<strong>2\u00a0500</strong> tiers-lieux en France en 2021")


def test_each_link_leads_to_the_rows_counted(admin_client):
    make_content(1)
    for params, shown, hidden in [
        ({"publication": "brouillon"}, ["Brouillon 0", "Sans source 0"], ["Maison 0", "Bientôt 0"]),
        ({"publication": "programme"}, ["Bientôt 0"], ["Maison 0", "Brouillon 0"]),
        ({"incomplet": "oui"}, ["Sans source 0"], ["Brouillon 0", "Maison 0"]),
    ]:
        response = admin_client.get(PLACES, params)
        for name in shown:
            assertContains(response, name)
        for name in hidden:
            assertNotContains(response, name)


def test_the_editor_sees_what_they_may_change_and_no_accounts(editor_client):
    make_content(1)
    user = factories.user()
    LogEntry.objects.log_actions(
        user_id=factories.user(is_superuser=True, is_staff=True).pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message="Mot de passe modifié",
    )
    response = editor_client.get(INDEX)
    assert response.status_code == 200
    assertContains(response, "brouillons à publier")
    assertContains(response, "L&#x27;atelier normand")
    # Changes to accounts are not the editors' business.
    assertNotContains(response, user.username)


@pytest.mark.parametrize("size", [1, 6])
def test_dashboard_takes_the_same_queries_whatever_the_amount_of_content(
    admin_client, django_assert_num_queries, size
):
    make_content(size)
    admin_client.get(INDEX)  # the duplicates' count is kept in the cache from then on
    # Session, user; drafts, scheduled and incomplete of places, programmes and visits (one
    # aggregate each); last imports; last changes (one per recorded model); the figures:
    # published places and their departments (one tally query), published programmes, the
    # national series.
    with django_assert_num_queries(2 + 3 + 1 + RECORDED + 3):
        response = admin_client.get(INDEX)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_the_duplicates_search_is_one_query_once_per_content_version(
    admin_client, django_assert_num_queries, size
):
    make_content(size)
    with django_assert_num_queries(2 + 3 + 1 + 1 + RECORDED + 3):
        admin_client.get(INDEX)


@pytest.mark.parametrize("size", [1, 6])
def test_an_editors_dashboard_takes_the_same_queries_whatever_the_amount_of_content(
    editor_client, django_assert_num_queries, size
):
    make_content(size)
    editor_client.get(INDEX)
    # Session, user, the user's and the group's permissions; then as for a superuser.
    with django_assert_num_queries(4 + 3 + 1 + RECORDED + 3):
        response = editor_client.get(INDEX)
    assertContains(response, "doublons probables")
