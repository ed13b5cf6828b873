import datetime

import pytest
from django.utils import timezone

from content.models import Status
from places.models import Place
from tests import factories

pytestmark = pytest.mark.django_db


def test_published_returns_only_published_rows_whose_date_has_come():
    now = timezone.now()
    live = factories.place(name="En ligne", published_at=now - datetime.timedelta(hours=1))
    factories.place(name="Programmé", published_at=now + datetime.timedelta(days=2))
    factories.draft_place(name="Brouillon")
    factories.place(
        name="Brouillon daté", status=Status.DRAFT, published_at=now - datetime.timedelta(days=3)
    )

    assert list(Place.objects.published()) == [live]


def test_drafts_are_everything_not_published():
    live = factories.place()
    draft = factories.draft_place()
    scheduled = factories.place(published_at=timezone.now() + datetime.timedelta(days=1))

    assert set(Place.objects.drafts()) == {draft, scheduled}
    assert live.is_published()
    assert not draft.is_published()
    assert not scheduled.is_published()


def test_publish_keeps_a_chosen_date_and_fills_a_missing_one():
    draft = factories.draft_place()
    draft.publish()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at is not None

    chosen = timezone.now() + datetime.timedelta(days=5)
    scheduled = factories.draft_place(published_at=chosen)
    scheduled.publish()
    assert scheduled.published_at == chosen


def test_clean_publishes_with_the_same_rule():
    draft = factories.draft_place()
    draft.status = Status.PUBLISHED
    draft.clean()
    assert draft.published_at is not None

    chosen = timezone.now() + datetime.timedelta(days=5)
    scheduled = factories.draft_place(published_at=chosen)
    scheduled.status = Status.PUBLISHED
    scheduled.clean()
    assert scheduled.published_at == chosen


def test_bulk_publish_keeps_chosen_dates_fills_the_others_and_touches_updated_at():
    long_ago = timezone.now() - datetime.timedelta(days=30)
    chosen = timezone.now() + datetime.timedelta(days=5)
    # Published content cites a source (content.editorial): these do.
    cited = {"sources": [factories.source()]}
    draft = factories.draft_place(**cited)
    scheduled = factories.draft_place(published_at=chosen, **cited)
    live = factories.place(published_at=long_ago)
    Place.objects.filter(pk__in=[draft.pk, scheduled.pk, live.pk]).update(updated_at=long_ago)

    before = timezone.now()
    assert Place.objects.all().publish() == 2

    draft.refresh_from_db()
    scheduled.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == scheduled.status == Status.PUBLISHED
    assert draft.published_at >= before
    assert scheduled.published_at == chosen
    assert draft.updated_at >= before and scheduled.updated_at >= before
    assert (live.published_at, live.updated_at) == (long_ago, long_ago)


def test_bulk_publish_fills_missing_dates_with_the_date_given():
    when = timezone.now() - datetime.timedelta(days=2)
    draft = factories.draft_place(sources=[factories.source()])
    Place.objects.filter(pk=draft.pk).publish(when)
    draft.refresh_from_db()
    assert draft.published_at == when


def test_bulk_unpublish_counts_only_rows_that_change():
    live = factories.place()
    factories.draft_place()
    before = timezone.now()
    assert Place.objects.all().unpublish() == 1
    live.refresh_from_db()
    assert live.status == Status.DRAFT
    assert live.updated_at >= before
