"""Places filed under a commune in the admin: the autocomplete, the form, the commune list."""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from content.models import Status
from places.models import Commune, Department, Place, Region
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:places_place_add")
AUTOCOMPLETE_URL = reverse("admin:autocomplete")


def commune(code):
    return Commune.objects.get(code=code, kind__in=Commune.PLACE_KINDS)


def add_form(**fields):
    return {
        "name": "Atelier partagé",
        "slug": "atelier-partage",
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
        **fields,
    }


def autocomplete(client, term):
    return client.get(
        AUTOCOMPLETE_URL,
        {"term": term, "app_label": "places", "model_name": "place", "field_name": "commune"},
    )


# --- The place form --------------------------------------------------------------------


def test_a_commune_fills_code_name_department_and_postcode(editor_client):
    response = editor_client.post(ADD_URL, add_form(commune=commune("14137").pk))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    place = Place.objects.get(slug="atelier-partage")
    assert (place.commune_code, place.commune_name, place.department.code, place.postcode) == (
        "14137",
        "Carpiquet",
        "14",
        "14650",
    )


def test_the_communes_department_wins_over_the_one_typed(admin_client):
    calvados_commune = commune("14137")
    response = admin_client.post(
        ADD_URL,
        add_form(commune=calvados_commune.pk, department=Department.objects.get(code="85").pk),
    )
    assert response.status_code == 302
    assert Place.objects.get().department.code == "14"


def test_a_postcode_of_another_commune_is_refused_in_french(admin_client):
    response = admin_client.post(ADD_URL, add_form(commune=commune("14137").pk, postcode="14000"))
    assertContains(response, "Le code postal 14000 n&#x27;est pas celui de Carpiquet (14650).")
    assert not Place.objects.exists()


def test_a_commune_with_several_postcodes_leaves_an_empty_postcode_empty(admin_client):
    response = admin_client.post(ADD_URL, add_form(commune=commune("76351").pk))
    assert response.status_code == 302
    place = Place.objects.get()
    assert (place.commune_name, place.postcode, place.department.code) == ("Le Havre", "", "76")


def test_neither_commune_nor_department_is_a_french_error(admin_client):
    response = admin_client.post(ADD_URL, add_form())
    assertContains(response, "Choisissez la commune du lieu ou, à défaut, son département.")
    assert not Place.objects.exists()


def test_a_department_alone_is_still_enough(admin_client):
    response = admin_client.post(ADD_URL, add_form(department=Department.objects.get(code="14").pk))
    assert response.status_code == 302
    place = Place.objects.get()
    assert (place.commune, place.department.code) == (None, "14")


def test_coordinates_far_from_the_department_are_a_french_error(admin_client):
    response = admin_client.post(
        ADD_URL,
        add_form(commune=commune("14137").pk, latitude="43.6045", longitude="1.4440"),
    )
    assertContains(response, "sont loin du département 14")
    assert not Place.objects.exists()


def test_removing_the_commune_clears_its_code_and_name(admin_client):
    source = factories.source()
    place = factories.place(commune=commune("14137"), sources=[source])
    assert place.commune_code == "14137"
    data = add_form(
        name=place.name,
        slug=place.slug,
        department=place.department.pk,
        postcode="",
        status=place.status,
        sources=[source.pk],
        published_at_0="01/01/2025",
        published_at_1="10:00:00",
    )
    response = admin_client.post(reverse("admin:places_place_change", args=[place.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    place.refresh_from_db()
    assert (place.commune, place.commune_code, place.commune_name) == (None, "", "")


def test_change_form_shows_the_commune_with_its_label_and_read_only_code(editor_client):
    place = factories.place(
        commune=commune("14137"), latitude=Decimal("49.18"), longitude=Decimal("-0.44")
    )
    response = editor_client.get(reverse("admin:places_place_change", args=[place.pk]))
    assertContains(response, "Carpiquet (14650) — Calvados")
    assertNotContains(response, 'name="commune_code"')
    assertNotContains(response, 'name="commune_name"')
    assertContains(response, 'name="commune"')


# --- The commune autocomplete ----------------------------------------------------------


@pytest.mark.parametrize("term", ["carpiquet", "CARPIQUET", "14650", "Carpiquet 14650", "14137"])
def test_autocomplete_finds_carpiquet(editor_client, term):
    response = autocomplete(editor_client, term)
    assert response.status_code == 200
    results = response.json()["results"]
    assert {"id": str(commune("14137").pk), "text": "Carpiquet (14650) — Calvados"} in results


@pytest.mark.parametrize("term", ["st germain en laye", "78100", "Saint-Germain-en-Laye"])
def test_autocomplete_reads_abbreviations_and_postcodes(admin_client, term):
    results = autocomplete(admin_client, term).json()["results"]
    assert results[0]["text"] == "Saint-Germain-en-Laye (78100…) — Yvelines"


def test_autocomplete_puts_the_exact_name_first_and_offers_only_current_communes(admin_client):
    results = autocomplete(admin_client, "Saint-Germain").json()["results"]
    assert results[0]["text"].startswith("Saint-Germain (")
    results = autocomplete(admin_client, "cherbourg").json()["results"]
    assert [result["text"] for result in results] == [
        "Cherbourg-en-Cotentin (50100…) — Manche"
    ]  # not its delegated communes
    texts = [r["text"] for r in autocomplete(admin_client, "paris 18").json()["results"]]
    assert texts[0] == "Paris 18e Arrondissement (75018) — Paris"


def test_autocomplete_query_count_does_not_grow_with_results(
    editor_client, django_assert_num_queries
):
    # Session, user, the user's and the group's permissions, the count and the page of twenty
    # (departments joined).
    with django_assert_num_queries(6):
        response = autocomplete(editor_client, "saint")
    assert len(response.json()["results"]) == 20


def test_autocomplete_is_refused_to_anonymous_visitors(client):
    assert autocomplete(client, "carpiquet").status_code == 302


# --- The commune list in the admin -----------------------------------------------------


def test_communes_are_read_only_reference_data(editor_client, admin_client):
    carpiquet = commune("14137")
    for client in (editor_client, admin_client):
        changelist = client.get(reverse("admin:places_commune_changelist"), {"q": "st germain"})
        assert changelist.status_code == 200
        assertContains(changelist, "Saint-Germain-en-Laye")
        assert client.get(reverse("admin:places_commune_add")).status_code == 403
        change = client.get(reverse("admin:places_commune_change", args=[carpiquet.pk]))
        assert change.status_code == 200
        assertNotContains(change, 'name="_save"')
        delete = reverse("admin:places_commune_delete", args=[carpiquet.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Commune.objects.filter(pk=carpiquet.pk).exists()


def test_commune_changelist_filters_by_kind_and_region(admin_client):
    response = admin_client.get(
        reverse("admin:places_commune_changelist"),
        {"kind__exact": "ARM", "department__region__id__exact": Region.objects.get(code="11").pk},
    )
    assertContains(response, "Paris 18e Arrondissement")
    assertNotContains(response, "Lyon 3e Arrondissement")
    assertNotContains(response, "Carpiquet")


def test_commune_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries
):
    # Session, user, the regions of the filter, two counts and the page, its departments and
    # parents joined: no query per row.
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse("admin:places_commune_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 100
