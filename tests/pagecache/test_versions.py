"""The content version: replaced once per committed change, and the scheduled publications."""

import datetime

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import transaction
from django.utils import timezone

from content.models import Status
from pagecache import versions
from tests import factories


@pytest.fixture
def bumps(monkeypatch):
    """How many times the version was replaced."""
    count = []
    real = versions.bump

    def counting():
        count.append(1)
        real()

    monkeypatch.setattr(versions, "bump", counting)
    return count


def test_the_version_changes_after_the_commit_not_before(db, django_capture_on_commit_callbacks):
    before = versions.current()
    with django_capture_on_commit_callbacks() as callbacks:
        place = factories.place()
        # Not yet committed: another process could still read the old rows.
        assert versions.current() == before
    assert callbacks
    for callback in callbacks:
        callback()
    assert versions.current() != before
    assert place.pk


def test_many_changes_in_one_transaction_replace_it_once(
    db, bumps, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        place = factories.place(kinds=[factories.kind()], services=[factories.service()])
        factories.place_photo(place)
        place.delete()
    assert len(bumps) == 1


def test_a_rolled_back_change_does_not_stop_the_next_one(
    db, bumps, django_capture_on_commit_callbacks
):
    place = factories.place()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        place.name = "Jamais enregistré"
        place.save()
        raise RuntimeError
    assert callbacks == []
    assert bumps == []
    before = versions.current()
    with django_capture_on_commit_callbacks(execute=True):
        place.name = "Enregistré"
        place.save()
    assert bumps == [1]
    assert versions.current() != before


def test_saving_an_unwatched_model_changes_nothing(db, bumps, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        factories.user(username="quelquun")
    assert bumps == []


def test_a_migration_replaces_the_version(db, django_capture_on_commit_callbacks):
    before = versions.current()
    with django_capture_on_commit_callbacks(execute=True):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert versions.current() != before


def test_an_evicted_version_is_replaced_by_a_new_token(db):
    from django.core.cache import cache

    before = versions.current()
    cache.delete(versions.VERSION_KEY)
    assert versions.current() not in {None, before}


# --- Scheduled publications -----------------------------------------------------------------


def test_without_anything_scheduled_entries_live_their_full_time(db, settings):
    settings.PAGECACHE_SECONDS = 3600
    factories.place()
    assert versions.lifetime(versions.current()) == 3600


@pytest.mark.parametrize(
    "scheduled",
    [
        lambda at: factories.place(status=Status.PUBLISHED, published_at=at),
        lambda at: factories.programme(status=Status.PUBLISHED, published_at=at),
        lambda at: factories.visit(status=Status.PUBLISHED, published_at=at),
    ],
    ids=["place", "programme", "visit"],
)
def test_no_entry_outlives_the_next_scheduled_publication(db, scheduled):
    now = timezone.now()
    scheduled(now + datetime.timedelta(seconds=90, milliseconds=500))
    # A draft with a date is not scheduled: it waits for an editor.
    factories.draft_place(published_at=now + datetime.timedelta(seconds=10))
    assert versions.lifetime(versions.current(), now) == 90


def test_the_next_publication_is_looked_up_once_per_version(
    db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    now = timezone.now()
    factories.place(status=Status.PUBLISHED, published_at=now + datetime.timedelta(hours=2))
    version = versions.current()
    with django_assert_num_queries(1):
        assert versions.lifetime(version, now) == 3600
    with django_assert_num_queries(0):
        assert versions.lifetime(version, now) == 3600
    # Once it has passed, the next one is looked up.
    two_hours_later = now + datetime.timedelta(hours=2, seconds=1)
    with django_assert_num_queries(1):
        assert versions.lifetime(version, two_hours_later) == 3600
    # A change brings a new version, and with it a new look.
    with django_capture_on_commit_callbacks(execute=True):
        factories.place(status=Status.PUBLISHED, published_at=now + datetime.timedelta(seconds=30))
    assert versions.lifetime(versions.current(), now) == 30
