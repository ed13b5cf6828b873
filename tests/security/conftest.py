"""What the fuzz tests share: reproducible examples, and no throttle in the way."""

import pytest
from hypothesis import HealthCheck, settings

# Derandomized and without an example database: every run on every database tries the same
# inputs, and CI leaves no file behind. Each test sets its own number of examples.
settings.register_profile(
    "security",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    # The examples share the test's rows and client: they only read.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("security")


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    """The API allows 60 requests a minute: the fuzz sends many more."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None},
    }
