import contextlib
import socket

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
def _empty_cache():
    """Each test starts with an empty cache: no page, counter or version left by another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries, settings):
    """Pinned query counts measure the uncached path: the page cache is off in the tests that
    count (tests/pagecache counts what a cached page costs), and content types are read again
    (Django keeps them per process), so that a count never depends on the tests run before."""
    settings.PAGECACHE_ENABLED = False
    ContentType.objects.clear_cache()
    return django_assert_num_queries


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries, settings):
    settings.PAGECACHE_ENABLED = False
    ContentType.objects.clear_cache()
    return django_assert_max_num_queries


@pytest.fixture
def assert_queries_with_cache():
    """`with assert_queries_with_cache(0): client.get(…)`: the queries a request makes with the
    page cache on, as it runs on the site (None: count them without checking)."""

    @contextlib.contextmanager
    def counting(expected):
        # A list filled on the way out: the connection's log is emptied at the next request.
        made = []
        with CaptureQueriesContext(connection) as queries:
            yield made
        made.extend(query["sql"] for query in queries.captured_queries)
        if expected is not None:
            assert len(made) == expected, f"{len(made)} requêtes au lieu de {expected} : {made}"

    return counting


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
