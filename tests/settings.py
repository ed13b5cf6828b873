"""The project's settings, plus a test-only app (see tests/photo_subclass)."""

from tierslieux.settings import *  # noqa: F403
from tierslieux.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.photo_subclass"]
