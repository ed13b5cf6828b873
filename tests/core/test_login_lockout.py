"""Failed logins: a pair of account and address is locked out after too many failures, with a
French page, until the cool-off ends or staff unlock it in the admin."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-solide-42"


def log_in(client, username, password, address="192.0.2.10", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail(client, username, times, **kwargs):
    return [log_in(client, username, "pas-le-bon", **kwargs) for _ in range(times)]


@pytest.fixture
def editor():
    return factories.user(username="redactrice", is_staff=True)


def test_a_good_password_logs_in(client, editor):
    response = log_in(client, "redactrice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_pair_is_locked_after_the_limit_with_a_french_page(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    responses = fail(client, "redactrice", 4)
    assert [response.status_code for response in responses] == [200] * 4  # the form again
    locked = fail(client, "redactrice", 1)[0]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "<h1>Connexion bloquée</h1>" in page
    assert "Réessayez dans 30 minutes" in page
    assert '<html lang="fr">' in page
    # Even the right password is refused now, without being checked.
    refused = log_in(client, "redactrice", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_or_another_account_is_not_locked(client, editor):
    factories.user(username="autre", is_staff=True)
    fail(client, "redactrice", 5)
    assert log_in(client, "redactrice", PASSWORD, address="198.51.100.7").status_code == 302
    client.logout()
    assert log_in(client, "autre", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, editor, settings):
    fail(client, "redactrice", 5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.timezone.utc)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(seconds=1)
    )
    assert log_in(client, "redactrice", PASSWORD).status_code == 302


def test_a_success_forgets_earlier_failures(client, editor):
    fail(client, "redactrice", 4)
    assert log_in(client, "redactrice", PASSWORD).status_code == 302
    client.logout()
    assert fail(client, "redactrice", 4)[-1].status_code == 200


def test_staff_allowed_to_delete_attempts_unlock_an_account(client, editor):
    fail(client, "redactrice", 5)
    attempt = AccessAttempt.objects.get(username="redactrice")
    unlocker = factories.user(is_staff=True)
    unlocker.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="axes",
            codename__in=["view_accessattempt", "delete_accessattempt"],
        )
    )
    staff_client = Client()
    staff_client.force_login(unlocker)
    listing = staff_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "redactrice" in listing.content.decode()
    confirm = staff_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert confirm.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in(client, "redactrice", PASSWORD).status_code == 302


def test_staff_without_the_permission_cannot_see_attempts(client, editor):
    fail(client, "redactrice", 5)
    client.force_login(factories.user(is_staff=True))
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_behind_a_proxy_the_address_is_the_one_the_proxy_added(client, editor, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # Every request comes from the proxy; the client may put any address before its own.
    for spoofed in ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"]:
        log_in(
            client,
            "redactrice",
            "pas-le-bon",
            "10.0.0.1",
            x_forwarded_for=f"{spoofed}, 198.51.100.20",
        )
    assert (
        log_in(
            client, "redactrice", PASSWORD, "10.0.0.1", x_forwarded_for="198.51.100.20"
        ).status_code
        == 429
    )
    # Another client behind the same proxy is not locked out.
    assert (
        log_in(
            client, "redactrice", PASSWORD, "10.0.0.1", x_forwarded_for="198.51.100.21"
        ).status_code
        == 302
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.20"}


@pytest.mark.parametrize(
    "next_url", ["https://pirate.example/admin/", "//pirate.example/", "javascript:alert(1)"]
)
def test_a_login_with_an_unsafe_next_lands_on_the_admin_index(client, editor, next_url):
    response = client.post(
        "/admin/login/", {"username": "redactrice", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_login_with_a_local_next_goes_there(client, editor):
    response = client.post(
        "/admin/login/",
        {"username": "redactrice", "password": PASSWORD, "next": "/admin/places/place/"},
    )
    assert response["Location"] == "/admin/places/place/"
