"""The project's settings, plus a test-only app (see tests/photo_subclass)."""

import os
import tempfile
from pathlib import Path

from tierslieux.settings import *  # noqa: F403
from tierslieux.settings import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.photo_subclass"]
# Each test run has its own cache: the default one, on disk, is shared with `make run`.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's in-memory database: with that one, pytest-django's live server hands
    # the test's own connection to every request thread, and two threads in one SQLite
    # connection can deadlock (one waits for Python's lock inside a Python SQL function, the
    # other holds it waiting for the connection). Per process, so that runs side by side never
    # meet; nothing is synced to disk, a test database is thrown away.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"tierslieux-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"
