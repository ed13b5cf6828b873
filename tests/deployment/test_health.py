"""/sante/: what the load balancer polls."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

ROOT = Path(__file__).resolve().parents[2]


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


def test_production_settings_answer_the_health_check_over_plain_http(tmp_path):
    """Behind the load balancer, which polls over HTTP: every other page redirects to HTTPS."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='tiers-lieux.example.org')\n"
        "print(client.get('/sante/').status_code, client.get('/lieux/').status_code)\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tierslieux.settings.production",
            "DJANGO_SECRET_KEY": "une-cle-de-test-longue-et-aleatoire-" + "x7Gq9!" * 8,
            "DJANGO_ALLOWED_HOSTS": "tiers-lieux.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'vide.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301"]
