import socket

import pytest
from django.contrib.auth.models import Group

from content.permissions import EDITORS_GROUP
from tests import factories


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """No collectstatic manifest in tests, and uploads land in a throwaway folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests never reach the network: only loopback (PostgreSQL in CI) is allowed."""
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        remote = isinstance(host, str) and host not in {"127.0.0.1", "::1", "localhost"}
        if remote and sock.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(f"Réseau interdit dans les tests : {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def editor(db):
    user = factories.user(username="editrice", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
