"""The project's settings, plus a test-only app (see tests/photo_subclass)."""

from tierslieux.settings import *  # noqa: F403
from tierslieux.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.photo_subclass"]
# Each test run has its own cache: the default one, on disk, is shared with `make run`.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
