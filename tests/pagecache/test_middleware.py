"""Who gets cached pages, what is never kept, and what browsers and proxies are told."""

import gzip
import logging

import pytest

from places.models import Place
from tests import factories
from tests.pagecache.conftest import ALL_URLS, Urls, text

PAGE_URLS = [url for url in ALL_URLS if not url.startswith("/api/")]


def rename_behind_the_cache(place, name):
    """A change no code sees (an update() without `versions.changed()`): what is served
    after it tells a cached page from a freshly built one."""
    Place.objects.filter(pk=place.pk).update(name=name)


@pytest.mark.parametrize("url", PAGE_URLS)
def test_a_visitor_gets_every_public_page_from_the_cache_the_second_time(world, client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    body = text(first)  # a download is kept once it was all sent
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert text(second) == body
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_page_is_the_page_as_it_was_built(world, client):
    client.get(Urls.PLACE)
    rename_behind_the_cache(world.place, "Nom changé en douce")
    assert "L'atelier normand" in text(client.get(Urls.PLACE))


def test_head_is_answered_from_the_cache_too(world, client):
    client.get(Urls.PLACES)
    response = client.head(Urls.PLACES)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_staff_never_get_a_cached_page_and_never_fill_the_cache(world, client, staff_client):
    draft = factories.draft_place(name="Lieu en préparation", slug="lieu-en-preparation")
    # Staff first: the draft with its banner, built for them, kept for no one.
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Brouillon" in text(response)
    assert response["X-Page-Cache"] == "bypass"
    assert response["Cache-Control"] == "private, no-cache"
    assert staff_client.get(Urls.PLACE)["X-Page-Cache"] == "bypass"
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(Urls.PLACE)["X-Page-Cache"] == "miss"
    # The visitor's page is now cached: staff still see the rows as they are.
    rename_behind_the_cache(world.place, "Nom changé en douce")
    assert "Nom changé en douce" in text(staff_client.get(Urls.PLACE))
    assert "Nom changé en douce" not in text(client.get(Urls.PLACE))


def test_staff_answers_are_private_even_where_the_view_says_public(world, staff_client):
    response = staff_client.get(Urls.MAP_DATA)
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]


def test_the_contact_page_is_never_cached(world, client):
    first = client.get("/contact/")
    assert "csrftoken" in first.cookies
    assert "X-Page-Cache" not in first
    second = client.get("/contact/")
    assert "X-Page-Cache" not in second
    assert 'name="csrfmiddlewaretoken"' in text(second)


def test_a_page_with_a_csrf_token_is_never_kept_even_if_registered(world, client, monkeypatch):
    from pagecache import registry

    monkeypatch.setitem(registry._pages, "pages:contact", registry.Page("pages:contact"))
    first = client.get("/contact/")
    assert first["X-Page-Cache"] == "bypass (csrf)"
    assert first["Cache-Control"] == "private, no-cache"
    assert client.get("/contact/")["X-Page-Cache"] == "bypass (csrf)"


def test_an_answer_setting_a_cookie_is_never_kept(world, client, monkeypatch):
    from places import views

    original = views.PlaceDetailView.get

    def with_cookie(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        response.set_cookie("vu", "1")
        return response

    monkeypatch.setattr(views.PlaceDetailView, "get", with_cookie)
    assert client.get(Urls.PLACE)["X-Page-Cache"] == "bypass (cookie)"
    assert client.get(Urls.PLACE)["X-Page-Cache"] == "bypass (cookie)"


def test_errors_and_redirects_are_not_kept(world, client):
    assert client.get("/lieux/inconnu/").status_code == 404
    assert client.get("/lieux/inconnu/")["X-Page-Cache"] == "bypass (statut)"
    assert client.get(Urls.PLACES, {"departement": "zz"}).status_code == 400


def test_pages_not_registered_carry_no_cache_header(world, client):
    response = client.get("/robots.txt")
    assert "X-Page-Cache" not in response


def test_public_pages_have_a_short_public_max_age_and_an_etag(world, client):
    first = client.get(Urls.PLACES)
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    hit = client.get(Urls.PLACES)
    assert (hit["ETag"], hit["Cache-Control"]) == (etag, "public, max-age=60")
    assert "Cookie" in hit["Vary"]
    # Security headers are still added to a cached page.
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"


def test_if_none_match_answers_304_until_the_page_changes(
    world, client, django_capture_on_commit_callbacks
):
    etag = client.get(Urls.PLACE)["ETag"]
    not_modified = client.get(Urls.PLACE, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert not_modified["Cache-Control"] == "public, max-age=60"
    with django_capture_on_commit_callbacks(execute=True):
        world.place.name = "La fabrique normande"
        world.place.save()
    changed = client.get(Urls.PLACE, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "La fabrique normande" in text(changed)


def test_the_map_data_is_kept_per_encoding(world, client):
    plain = client.get(Urls.MAP_DATA)
    compressed = client.get(Urls.MAP_DATA, headers={"accept-encoding": "gzip"})
    assert compressed["X-Page-Cache"] == "miss"
    hit = client.get(Urls.MAP_DATA, headers={"accept-encoding": "gzip"})
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == plain.content
    assert client.get(Urls.MAP_DATA)["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in client.get(Urls.MAP_DATA)


def test_a_download_is_kept_once_it_was_all_sent(world, client):
    first = client.get(Urls.CSV)
    assert first.streaming
    body = b"".join(first.streaming_content)
    hit = client.get(Urls.CSV)
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == body
    assert hit["Content-Disposition"] == first["Content-Disposition"]


def test_a_download_too_large_is_sent_but_not_kept(world, client, monkeypatch):
    from pagecache import middleware

    monkeypatch.setattr(middleware, "MAX_BYTES", 100)
    b"".join(client.get(Urls.CSV).streaming_content)
    assert client.get(Urls.CSV)["X-Page-Cache"] == "miss"


def test_hosts_are_kept_apart(world, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "tiers-lieux.example.org"]
    client.get(Urls.PLACES)
    other_host = client.get(Urls.PLACES, headers={"host": "tiers-lieux.example.org"})
    assert other_host["X-Page-Cache"] == "miss"
    assert "https://tiers-lieux.example.org/" in text(other_host) or (
        "http://tiers-lieux.example.org/" in text(other_host)
    )


def test_dummy_cache_turns_the_page_cache_off(world, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    first = client.get(Urls.PLACE)
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    rename_behind_the_cache(world.place, "Nom changé en douce")
    assert "Nom changé en douce" in text(client.get(Urls.PLACE))


def test_pages_are_served_when_the_cache_server_cannot_be_reached(world, client, settings, caplog):
    # Nothing listens on port 1: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with caplog.at_level(logging.ERROR):
        for url in [Urls.HOME, Urls.PLACES, Urls.PLACE, Urls.MAP_DATA]:
            assert client.get(url).status_code == 200
    assert "Cache des pages injoignable" in caplog.text
