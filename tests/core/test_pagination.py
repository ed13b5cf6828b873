"""The pagination include: page numbers, not only previous and next, with the filters kept."""

import re

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from content.templatetags.site_tags import page_links
from places.filters import PlaceFilter
from places.models import Place
from places.views import PlaceListView
from tests import factories

pytestmark = pytest.mark.django_db
LIST_URL = reverse("places:list")


def pages(current, count):
    return page_links(Paginator(range(count * 20), 20).page(current))


def test_first_last_and_neighbours_with_ellipses_between():
    assert pages(40, 76) == [1, None, 39, 40, 41, None, 76]


def test_no_ellipsis_where_no_page_is_left_out():
    assert pages(1, 3) == [1, 2, 3]
    assert pages(3, 5) == [1, 2, 3, 4, 5]


def test_near_an_end_only_one_ellipsis():
    assert pages(1, 76) == [1, 2, None, 76]
    assert pages(76, 76) == [1, None, 75, 76]


@pytest.fixture
def many_places():
    department = factories.department("14")
    Place.objects.bulk_create(
        Place(
            name=f"Coworking {number:03d}",
            slug=f"coworking-{number:03d}",
            commune_name="Caen",
            department=department,
            status="published",
            published_at=factories.past(),
        )
        for number in range(200)
    )


def pagination(response):
    return re.search(r'<nav class="pagination".*?</nav>', response.content.decode(), re.S).group(0)


def test_the_page_shows_numbers_links_keep_the_filters_and_mark_the_current_page(
    client, many_places
):
    nav = pagination(client.get(LIST_URL, {"departement": "14", "page": 5}))
    assert 'aria-label="Pagination"' in nav
    links = re.findall(r'<a href="\?departement=14&amp;page=(\d+)"', nav)
    # Previous, the first page, page 5 and its neighbours, the last page, next.
    assert links == ["4", "1", "4", "5", "6", "10", "6"]
    assert re.search(r'page=5"\s+aria-current="page"', nav)
    assert nav.count('aria-current="page"') == 1
    assert nav.count("…") == 2
    assert 'rel="prev"' in nav and 'rel="next"' in nav


def test_pages_do_not_cost_a_query_more(client, many_places, django_assert_num_queries):
    # The queries of the list's pinned test (tests/places/test_views.py) but the cover photos'
    # (these places have none), page 5 of 10 with its numbers: the page list comes from the
    # count the page's query carries.
    with django_assert_num_queries(2):
        assert client.get(LIST_URL, {"departement": "14", "page": 5}).status_code == 200


def test_a_page_past_the_end_counts_the_rows_to_say_so(
    client, many_places, django_assert_num_queries
):
    # The options (the department is checked against them), the page's query, which finds no
    # row, then the count, which says there is no such page.
    with django_assert_num_queries(3):
        response = client.get(LIST_URL, {"departement": "14", "page": 11})
    assert response.status_code == 404


def test_the_last_page_holds_the_rest_and_every_place_is_on_one_page(client, many_places):
    seen = []
    for number in range(1, 11):
        response = client.get(LIST_URL, {"page": number})
        assert response.context_data["paginator"].count == 200
        seen += [place.name for place in response.context_data["places"]]
    assert seen == [f"Coworking {number:03d}" for number in range(200)]


@pytest.mark.parametrize("sort", ["", "ouverture", "recent"])
def test_pages_read_from_either_end_show_each_place_once_in_the_lists_order(client, sort):
    # Past the middle, a page is read from the end of the list: names and years repeat
    # (ties broken by id), some years are unknown (last), the last page is short.
    department = factories.department("14")
    Place.objects.bulk_create(
        Place(
            name=f"Lieu {number % 7}",
            slug=f"lieu-{number:03d}",
            department=department,
            year_opened=None if number % 3 == 0 else 2000 + number % 5,
            status="published",
            published_at=factories.past(),
        )
        for number in range(101)
    )
    expected = [
        place.slug
        for place in PlaceFilter({"tri": sort}, queryset=PlaceListView().get_queryset()).qs
    ]
    seen = []
    for number in range(1, 7):
        response = client.get(LIST_URL, {"tri": sort, "page": number})
        assert response.context_data["paginator"].count == 101
        seen += [place.slug for place in response.context_data["places"]]
    assert seen == expected
    assert len(set(seen)) == 101
