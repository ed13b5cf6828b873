import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pytest_django.asserts import assertContains

from content.demo import ARTICLE_TITLE
from content.models import Source
from places.models import Place, PlacePhoto, Service

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def snapshot():
    return {
        "places": list(Place.objects.order_by("pk").values()),
        "photos": list(PlacePhoto.objects.order_by("pk").values()),
        "services": list(Service.objects.order_by("pk").values()),
        "sources": list(Source.objects.order_by("pk").values()),
        "kinds": list(Place.kinds.through.objects.order_by("pk").values()),
    }


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    first = snapshot()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert snapshot() == first
    assert len(first["places"]) == 2


def test_demo_places_carry_the_article_facts(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    atelier = Place.objects.get(slug="l-atelier-normand")
    wip = Place.objects.get(slug="le-wip")
    assert (atelier.commune_name, atelier.surface_m2, atelier.year_opened) == (
        "Carpiquet",
        800,
        2017,
    )
    assert atelier.year_opened_is_approximate
    # Both open; the years are the article's, nothing finer is made up.
    assert (atelier.get_lifecycle_display(), atelier.opened.iso) == ("ouvert", "2017")
    assert (wip.get_lifecycle_display(), wip.opened.iso) == ("ouvert", "2019")
    assert (wip.commune_name, wip.year_opened, wip.year_opened_is_approximate) == (
        "Colombelles",
        2019,
        False,
    )
    assert "SMN" in wip.history
    assert not atelier.has_coordinates and not wip.has_coordinates
    source = Source.objects.get(title=ARTICLE_TITLE)
    assert str(source.published) == "août 2021"
    for place in (atelier, wip):
        assert list(place.sources.all()) == [source]
        assert place.photos.get().credit_line == "© Radio France - Elodie Touchais"

    response = client.get(wip.get_absolute_url())
    assertContains(response, "© Radio France - Elodie Touchais")
    assertContains(response, "Bureaux partagés")
    assertContains(response, ARTICLE_TITLE)
    response = client.get("/lieux/", {"q": "colombelles"})
    assertContains(response, "Le WIP")
    assert "atelier normand" not in response.content.decode()


def test_ensure_admin_creates_the_account_once_and_prints_a_generated_password(monkeypatch, capsys):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = out.rsplit(" : ", 1)[1].strip()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)

    call_command("ensure_admin")
    assert "existe déjà" in capsys.readouterr().out


def test_ensure_admin_uses_the_password_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "un-mot-de-passe-choisi")
    call_command("ensure_admin")
    assert "un-mot-de-passe-choisi" not in capsys.readouterr().out
    assert get_user_model().objects.get(username="admin").check_password("un-mot-de-passe-choisi")


def run_manage(*args, **env):
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="tierslieux.settings.production",
        DJANGO_SECRET_KEY="une-cle-de-test-longue-et-aleatoire-" + "x7Gq9!" * 8,
        DJANGO_ALLOWED_HOSTS="tiers-lieux.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tierslieux.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY est obligatoire" in result.stderr


def test_production_settings_keep_the_hardening_above_the_page_cache():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print('\\n'.join(settings.MIDDLEWARE)); "
        "print(settings.AUTHENTICATION_BACKENDS[0]); "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])",
        DJANGO_SETTINGS_MODULE="tierslieux.settings.production",
        DJANGO_SECRET_KEY="une-cle-de-test-longue-et-aleatoire-" + "x7Gq9!" * 8,
        DJANGO_ALLOWED_HOSTS="tiers-lieux.example.org",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    page_cache = lines.index("pagecache.middleware.PageCacheMiddleware")
    assert page_cache == len(lines) - 3  # last of MIDDLEWARE
    for middleware in [
        "tierslieux.compression.VisitorGZipMiddleware",
        "csp.middleware.CSPMiddleware",
        "django_permissions_policy.PermissionsPolicyMiddleware",
        "axes.middleware.AxesMiddleware",
    ]:
        assert lines.index(middleware) < page_cache
    assert lines[-2] == "axes.backends.AxesStandaloneBackend"
    assert lines[-1] == "[\"'self'\"]"
