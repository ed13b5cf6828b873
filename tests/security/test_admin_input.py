"""Whatever staff put in a changelist's or an autocomplete's address, the admin answers without
a server error: a bad filter sends back to the list with « ?e=1 », as Django does itself."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from content.admin_input import AdminInputMixin
from tests import factories
from tests.security.hostile import hostile_value

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [model._meta.label for model in apps.get_models() if admin.site.is_registered(model)]
# Examples per changelist and per autocomplete field: the whole file stays within ~30 s a database.
CHANGELIST_EXAMPLES = 12
AUTOCOMPLETE_EXAMPLES = 6
# Lookups on any field of the model itself, which the admin allows without a list filter.
DATE_LOOKUPS = ("year", "month", "day", "gte", "lt", "date", "year__gte", "iso_year", "week_day")


@pytest.fixture
def superuser(db):
    return factories.user(username="racine", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, superuser):
    # A few rows in each list, so that its columns are drawn too.
    place = factories.place(name="Lieu")
    programme = factories.programme(lines=[("Ligne", "1000")])
    factories.award(programme.lines.get(), place)
    visit = factories.visit()
    factories.participant(visit)
    factories.stop(visit, place=place)
    factories.place_photo(place)
    client.force_login(superuser)
    return client


def model_admin(label):
    return admin.site.get_model_admin(apps.get_model(label))


def changelist_url(label):
    opts = apps.get_model(label)._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def parameter_names(label, user):
    """The parameters the changelist reads: its filters' own (from a real changelist), its
    date hierarchy's, lookups on the model's fields, search, ordering and page."""
    request = RequestFactory().get(changelist_url(label))
    request.user = user
    modeladmin = model_admin(label)
    changelist = modeladmin.get_changelist_instance(request)
    names = {"q", "o", "p", "all", "_facets", "_to_field", "e"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if modeladmin.date_hierarchy:
        names.update(f"{modeladmin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    for field in modeladmin.model._meta.concrete_fields:
        names.update({f"{field.name}__exact", f"{field.name}__isnull", f"{field.name}__in"})
        if isinstance(field, models.DateField):
            names.update(f"{field.name}__{lookup}" for lookup in DATE_LOOKUPS)
        if field.is_relation:
            names.add(f"{field.name}__id__exact")
    return sorted(names)


def autocomplete_fields():
    """(app label, model name, field name) of every autocomplete, of admins and their inlines."""
    request = RequestFactory().get("/admin/")
    request.user = type("Superuser", (), {"has_perm": lambda *args: True})()
    found = []
    for label in ADMIN_MODELS:
        modeladmin = model_admin(label)
        owners = [modeladmin, *modeladmin.get_inline_instances(request)]
        for owner in owners:
            opts = owner.model._meta
            found += [
                (opts.app_label, opts.model_name, name)
                for name in owner.get_autocomplete_fields(request)
            ]
    return sorted(set(found))


def test_every_admin_guards_its_changelist_input():
    unguarded = [
        label for label in ADMIN_MODELS if not isinstance(model_admin(label), AdminInputMixin)
    ]
    assert unguarded == []


def assert_no_server_error(response, url, query):
    assert response.status_code < 500, (url, query)


@pytest.mark.parametrize("label", ADMIN_MODELS)
@settings(max_examples=CHANGELIST_EXAMPLES)
@given(data=st.data())
def test_changelist_answers_any_query_without_a_server_error(staff_client, superuser, label, data):
    names = parameter_names(label, superuser)
    query = data.draw(st.dictionaries(st.sampled_from(names), hostile_value, max_size=3))
    url = changelist_url(label)
    assert_no_server_error(staff_client.get(url, query), url, query)


@pytest.mark.parametrize(
    ("label", "query"),
    [
        ("funding.Programme", {"announced_on__year": "99999"}),
        ("funding.Programme", {"updated_at__year": "99999"}),
        ("visits.Visit", {"updated_at__year": "99999"}),
        ("visits.Visit", {"date__year": "99999"}),
        ("content.Source", {"updated_at__year": "99999"}),
        ("content.Source", {"updated_at__year__gte": "-1"}),
        ("places.Place", {"updated_at__iso_year": "10000"}),
        ("funding.Programme", {"status__exact": "\x00"}),
        ("funding.Programme", {"q": "pro\x00gramme"}),
        ("places.Place", {"department__id__exact": "\x00"}),
        ("content.Source", {"publisher": "\x00"}),
    ],
)
def test_known_bad_queries_send_back_to_the_list(staff_client, label, query):
    response = staff_client.get(changelist_url(label), query)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("name", ["search_vector__exact", "search_text__icontains"])
def test_the_search_columns_are_no_filter(staff_client, name):
    response = staff_client.get(changelist_url("funding.Programme"), {name: "%00"})
    assert response.status_code == 400


def test_a_valid_year_still_filters(staff_client):
    factories.programme(name="De 2019", announced_on=datetime.date(2019, 3, 1))
    response = staff_client.get(changelist_url("funding.Programme"), {"announced_on__year": "2019"})
    assert response.status_code == 200
    assert "De 2019" in response.text
    assert response.context["cl"].result_count == 1


def test_a_search_without_nul_still_finds(staff_client):
    factories.programme(name="Fabriques")
    url = changelist_url("funding.Programme")
    assert "Fabriques" in staff_client.get(url, {"q": "fabriq"}).text


AUTOCOMPLETES = autocomplete_fields()


def test_every_autocomplete_is_found():
    # Places' commune, visits' stops' places, announcements' programmes and lines at least.
    assert {
        ("places", "place", "commune"),
        ("visits", "stop", "place"),
        ("visits", "announcement", "programme"),
        ("visits", "announcement", "lines"),
    } <= set(AUTOCOMPLETES)


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), AUTOCOMPLETES)
@settings(max_examples=AUTOCOMPLETE_EXAMPLES)
@given(term=hostile_value, page=hostile_value)
def test_autocomplete_answers_any_term_without_a_server_error(
    staff_client, app_label, model_name, field_name, term, page
):
    query = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": field_name,
        "term": term,
        "page": page,
    }
    url = reverse("admin:autocomplete")
    assert_no_server_error(staff_client.get(url, query), url, query)


def test_autocomplete_searches_a_term_without_its_nul_bytes(staff_client):
    factories.place(name="Autre")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "visits", "model_name": "stop", "field_name": "place", "term": "li\x00eu"},
    )
    assert response.status_code == 200
    assert [row["text"].split(" ")[0] for row in response.json()["results"]] == ["Lieu"]


# The places admin's own pages, read with GET: probable duplicates, merging, import reports.
HUGE_ID = st.one_of(st.integers(min_value=0, max_value=10**30), st.sampled_from([0, 2**31, 2**63]))


@settings(max_examples=AUTOCOMPLETE_EXAMPLES * 2)
@given(
    departement=hostile_value,
    page=hostile_value,
    first=HUGE_ID,
    second=HUGE_ID,
)
def test_place_admin_pages_answer_any_input_without_a_server_error(
    staff_client, departement, page, first, second
):
    for url, query in [
        ("/admin/places/place/doublons/", {"departement": departement, "page": page}),
        (f"/admin/places/place/fusionner/{first}/{second}/", {}),
        (f"/admin/places/place/import/{first}/", {}),
        (f"/admin/places/place/import/{first}/correspondance/", {}),
    ]:
        assert_no_server_error(staff_client.get(url, query), url, query)


# The recent changes page reads its filters from the address; each object's history too.
RECENT_CHANGES_NAMES = ["person", "kind", "since", "until", "before", "p", "page"]


@settings(max_examples=CHANGELIST_EXAMPLES * 3)
@given(
    query=st.dictionaries(st.sampled_from(RECENT_CHANGES_NAMES), hostile_value, max_size=4),
    version=HUGE_ID,
)
def test_history_pages_answer_any_input_without_a_server_error(staff_client, query, version):
    place_id = apps.get_model("places.Place").objects.first().pk
    for url in [
        reverse("history:recent_changes"),
        f"/admin/places/place/{place_id}/history/",
        f"/admin/places/place/{place_id}/history/{version}/",
    ]:
        assert_no_server_error(staff_client.get(url, query), url, query)


@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01"},
        {"before": "0001-01-01T00:00:00"},
        {"before": "9999-12-31T23:59:59-14:00"},
    ],
)
def test_recent_changes_refuse_a_date_out_of_bounds(staff_client, query):
    response = staff_client.get(reverse("history:recent_changes"), query)
    assert response.status_code == 200
    # `before` is the hidden field of the « older changes » link: its error is not shown.
    assert response.context["form"].errors == {
        name: ["Cette date est hors des limites."] for name in query
    }


def test_recent_changes_accept_the_last_possible_day(staff_client):
    response = staff_client.get(
        reverse("history:recent_changes"), {"since": "2000-01-01", "until": "9999-12-31"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {}
