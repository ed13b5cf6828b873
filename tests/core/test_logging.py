"""What the log says about errors: a 4xx is one line, a 500 keeps its traceback."""

import io
import logging
from unittest import mock

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(monkeypatch):
    """What the site's console handler (settings.LOGGING) writes."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    monkeypatch.setattr(handler, "stream", stream)
    return stream


def lines(stream):
    return stream.getvalue().splitlines()


def test_a_404_is_one_line_without_traceback(client, log, caplog):
    assert client.get("/lieux/ce-lieu-n-existe-pas/").status_code == 404
    [line] = lines(log)
    assert line.endswith("WARNING django.request Not Found: /lieux/ce-lieu-n-existe-pas/")
    # Django did attach the exception: the filter is what drops it.
    assert any(record.status_code == 404 for record in caplog.records)


def test_a_403_is_one_line_without_traceback(client, log):
    client.force_login(factories.user(is_staff=True))
    assert client.get("/admin/places/place/add/").status_code == 403
    [line] = lines(log)
    assert line.endswith(
        "WARNING django.request Forbidden (Permission denied): /admin/places/place/add/"
    )


def test_a_csrf_failure_is_one_line(log):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/contact/", {"message": "bonjour"}).status_code == 403
    [line] = lines(log)
    assert "WARNING django.security.csrf Forbidden (CSRF cookie not set.): /contact/" in line


def test_a_bad_host_is_one_line(log):
    client = Client(raise_request_exception=False)
    assert client.get("/", headers={"host": "pirate.example"}).status_code == 400
    [line] = lines(log)
    assert "ERROR django.security.DisallowedHost Invalid HTTP_HOST header" in line


def test_a_500_keeps_its_traceback(log):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "places.views.PlaceListView.get", side_effect=RuntimeError("panne imprévue"), create=True
    ):
        assert client.get("/lieux/").status_code == 500
    output = log.getvalue()
    assert "ERROR django.request Internal Server Error: /lieux/" in output
    assert "Traceback (most recent call last)" in output
    assert "RuntimeError: panne imprévue" in output


def test_a_bad_host_gets_a_400_in_french(log):
    response = Client(raise_request_exception=False).get("/lieux/", headers={"host": "x.example"})
    assert response.status_code == 400
    assert response.content.decode() == "Requête incorrecte : nom de site inconnu.\n"


def test_other_bad_requests_keep_the_site_page(client, settings, log):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    response = client.get("/lieux/?a=1&b=2&c=3&d=4")
    assert response.status_code == 400
    assert "<h1>Requête incorrecte</h1>" in response.content.decode()
