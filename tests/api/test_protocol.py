"""What every endpoint shares: throttling, conditional GETs, French errors, JSON only."""

import datetime

import pytest
from django.utils.http import http_date

from places.models import Place
from tests import factories

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/lieux/", "/api/v1/financements/", "/api/v1/visites/"]


@pytest.fixture
def low_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }


def test_a_fourth_request_in_a_minute_is_refused_in_french(client, db, low_rate):
    for url in ENDPOINTS:
        assert client.get(url).status_code == 200

    response = client.get(ENDPOINTS[0])

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {"detail": "Trop de requêtes : réessayez dans 60 secondes."}


def test_the_limit_is_per_address(client, db, low_rate):
    for _number in range(3):
        client.get(ENDPOINTS[0], REMOTE_ADDR="192.0.2.1")
    assert client.get(ENDPOINTS[0], REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(ENDPOINTS[0], REMOTE_ADDR="192.0.2.2").status_code == 200


def test_behind_a_proxy_the_limit_counts_the_address_it_gives(client, db, low_rate, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    for number in range(3):
        # The client may write anything in X-Forwarded-For: it is not what is counted.
        client.get(
            ENDPOINTS[0], HTTP_X_REAL_IP="192.0.2.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}"
        )
    assert client.get(ENDPOINTS[0], HTTP_X_REAL_IP="192.0.2.1").status_code == 429
    assert client.get(ENDPOINTS[0], HTTP_X_REAL_IP="192.0.2.9").status_code == 200


def test_the_schema_is_throttled_too(client, db, low_rate):
    for _number in range(3):
        client.get("/api/v1/schema/")
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert "Trop de requêtes" in response.content.decode()


@pytest.mark.parametrize("url", [*ENDPOINTS, "detail"])
def test_a_conditional_get_answers_304_until_something_changes(
    client, rows, url, django_capture_on_commit_callbacks
):
    if url == "detail":
        url = f"/api/v1/lieux/{rows.place.slug}/"
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) > 20
    assert first["Cache-Control"] == "public, max-age=60"

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    # A change anywhere in the answer changes the ETag (once committed: cached answers are
    # replaced then).
    with django_capture_on_commit_callbacks(execute=True):
        factories.place(name="Nouveau lieu")
        factories.programme(name="Nouveau programme")
        factories.visit(title="Nouvelle visite")
        rows.place.name = "Lieu renommé"
        rows.place.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_last_modified_is_the_newest_update_of_the_rows_answered(client, db):
    old = factories.place(name="Ancien")
    newer = factories.place(name="Récent")
    Place.objects.filter(pk=old.pk).update(
        updated_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc)
    )
    Place.objects.filter(pk=newer.pk).update(
        updated_at=datetime.datetime(2025, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc)
    )

    assert client.get("/api/v1/lieux/")["Last-Modified"] == "Tue, 04 Mar 2025 05:06:07 GMT"
    detail = client.get(f"/api/v1/lieux/{old.slug}/")
    assert detail["Last-Modified"] == "Tue, 02 Jan 2024 00:00:00 GMT"


def test_if_modified_since_alone_answers_304_on_a_detail_not_on_a_list(client, db):
    place = factories.place()
    since = http_date(place.updated_at.timestamp() + 10)

    assert (
        client.get(f"/api/v1/lieux/{place.slug}/", HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    )
    # A list can lose a row without its newest date moving: only its ETag can say « unchanged ».
    assert client.get("/api/v1/lieux/", HTTP_IF_MODIFIED_SINCE=since).status_code == 200


def test_head_answers_the_headers_of_get(client, rows):
    response = client.head("/api/v1/lieux/")
    assert response.status_code == 200
    assert response["ETag"] == client.get("/api/v1/lieux/")["ETag"]


def test_the_api_is_read_only_and_says_so_in_french(client, db):
    response = client.post("/api/v1/lieux/", {"nom": "Intrus"})
    assert response.status_code == 405
    assert response.json() == {"detail": "Méthode «\u00a0POST\u00a0» non autorisée."}
    assert not Place.objects.filter(name="Intrus").exists()


def test_json_even_for_a_browser_and_no_session_cookie(client, rows):
    response = client.get("/api/v1/lieux/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert not response.cookies
    # No browsable API, whatever the query asks for.
    assert client.get("/api/v1/lieux/", {"format": "api"}).status_code == 404


def test_staff_get_no_drafts_either(client, rows, editor):
    client.force_login(editor)
    assert [row["nom"] for row in client.get("/api/v1/lieux/").json()["resultats"]] == [
        "Lieu publié"
    ]
    assert client.get(f"/api/v1/lieux/{rows.hidden_places[0].slug}/").status_code == 404
