"""What a page costs: nothing from the cache, its own queries (and one) on a miss."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from tests.pagecache.conftest import ALL_URLS, Urls, text


@pytest.mark.parametrize("url", ALL_URLS)
def test_a_cached_page_or_api_answer_costs_no_query(world, client, assert_queries_with_cache, url):
    text(client.get(url))  # a download is kept once it was all sent
    with assert_queries_with_cache(0):
        response = client.get(url)
    assert response.status_code == 200


def test_a_visitor_with_a_session_costs_the_session_lookup_only(
    world, client, assert_queries_with_cache
):
    session = SessionStore()
    session["vu"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    client.get(Urls.PLACES)
    with assert_queries_with_cache(1):
        response = client.get(Urls.PLACES)
    assert response["X-Page-Cache"] == "hit"


def test_a_miss_costs_the_page_and_the_next_scheduled_publication(
    world, client, settings, assert_queries_with_cache
):
    settings.PAGECACHE_ENABLED = False
    with assert_queries_with_cache(None) as uncached:
        client.get(Urls.PLACE)
    settings.PAGECACHE_ENABLED = True
    # Once per content version: when the entry must expire.
    with assert_queries_with_cache(len(uncached) + 1):
        client.get(Urls.PLACE)
    with assert_queries_with_cache(len(uncached)):
        client.get(Urls.OTHER)
