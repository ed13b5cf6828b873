"""What the API tests share: a fresh throttle count, and a published, a draft and a scheduled
row of each kind."""

import datetime
import types

import pytest
from django.core.cache import cache
from django.utils import timezone

from content.models import Status
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The throttle counts in the cache: each test starts with none of its requests counted."""
    cache.clear()
    yield
    cache.clear()


def later():
    return timezone.now() + datetime.timedelta(days=3)


def hidden(kind):
    """Overrides for a draft and for a row scheduled for later."""
    return (
        {"status": Status.DRAFT, "published_at": None, "slug": f"{kind}-brouillon"},
        {"status": Status.PUBLISHED, "published_at": later(), "slug": f"{kind}-programme"},
    )


@pytest.fixture
def rows(db):
    """One published row, one draft and one scheduled row of each kind, the hidden ones newer
    than the published one (so that a « last update » would show them)."""
    draft, scheduled = hidden("lieu")
    place = factories.place(name="Lieu publié", slug="lieu-publie")
    draft_place = factories.place(name="Lieu brouillon", **draft)
    scheduled_place = factories.place(name="Lieu programmé", **scheduled)

    draft, scheduled = hidden("programme")
    programme = factories.programme(name="Programme publié", slug="programme-publie")
    draft_programme = factories.programme(name="Programme brouillon", **draft)
    scheduled_programme = factories.programme(name="Programme programmé", **scheduled)

    draft, scheduled = hidden("visite")
    visit = factories.visit(title="Visite publiée", slug="visite-publiee")
    draft_visit = factories.visit(title="Visite brouillon", **draft)
    scheduled_visit = factories.visit(title="Visite programmée", **scheduled)
    return types.SimpleNamespace(
        place=place,
        hidden_places=[draft_place, scheduled_place],
        programme=programme,
        hidden_programmes=[draft_programme, scheduled_programme],
        visit=visit,
        hidden_visits=[draft_visit, scheduled_visit],
    )
