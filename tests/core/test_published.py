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
