"""The API's answers are cached after DRF's throttle: a client over its rate still gets 429."""

from django.test import override_settings
from rest_framework.settings import api_settings

from tests.pagecache.conftest import Urls


def test_a_cached_answer_still_counts_against_the_rate(world, client, assert_queries_with_cache):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    framework = {**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    with override_settings(REST_FRAMEWORK=framework):
        assert client.get(Urls.API_PLACES).status_code == 200
        with assert_queries_with_cache(0):
            assert client.get(Urls.API_PLACES).status_code == 200
            assert client.get(Urls.API_PLACES).status_code == 200
            over = client.get(Urls.API_PLACES)
    assert over.status_code == 429
    assert over.json() == {"detail": over.json()["detail"]}
    assert over.json()["detail"].startswith("Trop de requêtes")
    assert "Retry-After" in over


def test_a_cached_answer_keeps_its_etag_and_last_modified(world, client):
    first = client.get(Urls.API_PLACE)
    again = client.get(Urls.API_PLACE)
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert client.get(Urls.API_PLACE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_errors_are_not_kept(world, client):
    assert client.get(Urls.API_PLACES, {"departement": "zz"}).status_code == 400
    assert client.get("/api/v1/lieux/inconnu/").status_code == 404
    assert client.get(Urls.API_PLACES, {"page": "99"}).status_code == 404
    assert client.get(Urls.API_PLACES).status_code == 200
