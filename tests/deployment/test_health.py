"""/sante/: what the load balancer polls."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder

ROOT = Path(__file__).resolve().parents[2]


def checks(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.mark.django_db
def test_health_check_answers_ok_and_is_never_cached(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert checks(response) == {
        "statut": "ok",
        "controles": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert client.get("/sante/").get("X-Page-Cache") is None


@pytest.mark.django_db
def test_health_check_says_503_when_the_database_cannot_be_reached(client, caplog):
    with mock.patch("tierslieux.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/sante/")
    assert response.status_code == 503
    body = checks(response)
    assert body["statut"] == "erreur"
    assert body["controles"]["database"] == "base de données injoignable"
    assert body["controles"]["migrations"] == "non vérifiées : base de données injoignable"
    assert body["controles"]["cache"] == "ok"
    assert "base de données injoignable" in caplog.text


@pytest.mark.django_db
def test_health_check_says_503_when_the_cache_cannot_be_reached(client, caplog):
    with mock.patch("tierslieux.health.cache.set", side_effect=ConnectionError("redis down")):
        response = client.get("/sante/")
    assert response.status_code == 503
    body = checks(response)
    assert body["controles"] == {
        "database": "ok",
        "cache": "cache injoignable",
        "migrations": "ok",
    }
    assert "redis down" in caplog.text


@pytest.mark.django_db
def test_health_check_says_503_when_the_cache_loses_what_it_is_given(client):
    with mock.patch("tierslieux.health.cache.get", return_value=None):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert checks(response)["controles"]["cache"] == "le cache ne rend pas la valeur écrite"


@pytest.mark.django_db
def test_health_check_says_503_when_a_migration_is_not_applied(client):
    recorder = MigrationRecorder.Migration.objects
    latest = recorder.filter(app="places").order_by("-id").first()
    latest.delete()  # as if the code were newer than the database
    response = client.get("/sante/")
    assert response.status_code == 503
    migrations = checks(response)["controles"]["migrations"]
    assert migrations == f"1 migration(s) non appliquée(s) : places.{latest.name}"
    recorder.create(app=latest.app, name=latest.name)
    assert client.get("/sante/").status_code == 200


@pytest.mark.django_db
def test_health_check_refuses_writes(client):
    assert client.post("/sante/").status_code == 405


def test_production_settings_answer_the_health_check_over_plain_http(tmp_path):
    """Behind the load balancer, which polls over HTTP: every other page redirects to HTTPS.
    The database is empty, so the check fails, but it answers, without a redirect."""
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
            "CACHE_URL": "locmem://",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "301"]
