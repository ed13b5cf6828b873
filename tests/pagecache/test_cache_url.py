"""CACHE_URL, and the former DJANGO_CACHE_BACKEND / DJANGO_CACHE_LOCATION, into CACHES."""

import pytest
from django.core.cache import CacheHandler
from django.core.exceptions import ImproperlyConfigured

from tierslieux.settings import cache_url

FOLDER = "/srv/tierslieux/.django-cache"


def test_without_any_setting_the_cache_is_files_that_workers_share():
    assert cache_url.from_environment({}, FOLDER) == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": FOLDER,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "file:///var/cache/tierslieux",
            {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": "/var/cache/tierslieux",
            },
        ),
        (
            "file:///var/cache/tierslieux?max_entries=20000&cull_frequency=4",
            {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": "/var/cache/tierslieux",
                "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
            },
        ),
        (
            "locmem://",
            {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": ""},
        ),
        (
            "redis://cache.internal:6379/2",
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://cache.internal:6379/2",
            },
        ),
        (
            # The URL reaches redis-py as it is: user, password and TLS included.
            "rediss://site:s3cret@cache.internal:6380/0",
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "rediss://site:s3cret@cache.internal:6380/0",
            },
        ),
        ("dummy://", {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}),
    ],
)
def test_cache_url(url, expected):
    assert cache_url.from_environment({"CACHE_URL": url}, FOLDER) == expected


def test_cache_url_wins_over_the_former_variables():
    environ = {
        "CACHE_URL": "dummy://",
        "DJANGO_CACHE_BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    }
    assert cache_url.from_environment(environ, FOLDER) == {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
    }


def test_the_former_variables_still_work():
    environ = {
        "DJANGO_CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
        "DJANGO_CACHE_LOCATION": "redis://cache.internal:6379",
    }
    assert cache_url.from_environment(environ, FOLDER) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379",
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("memcached://127.0.0.1:11211", "type de cache inconnu 'memcached'"),
        ("/var/cache/tierslieux", "type de cache inconnu"),
        ("file://var/cache", "chemin absolu"),
        ("redis://", "il manque l'hôte Redis"),
        ("file:///tmp/c?max_entries=beaucoup", "max_entries doit être un nombre entier"),
        ("locmem://?timeout=3", "option inconnue 'timeout'"),
    ],
)
def test_a_wrong_cache_url_is_refused_in_french(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        cache_url.from_environment({"CACHE_URL": url}, FOLDER)


@pytest.mark.parametrize(
    "url", ["file:///tmp/tierslieux-test-cache", "locmem://", "dummy://", "redis://127.0.0.1:1/0"]
)
def test_django_accepts_what_is_parsed(url):
    """Each configuration builds a working cache object (Redis is not reached until used)."""
    handler = CacheHandler({"default": cache_url.parse(url)})
    assert handler["default"] is not None
