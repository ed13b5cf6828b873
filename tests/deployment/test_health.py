"""/sante/: what the load balancer polls."""

from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_health_check_answers_ok_and_is_never_cached(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_health_check_says_503_when_the_database_cannot_be_reached(client):
    with mock.patch("tierslieux.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert "base de données injoignable" in response.content.decode()


@pytest.mark.django_db
def test_health_check_refuses_writes(client):
    assert client.post("/sante/").status_code == 405
