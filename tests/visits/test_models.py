import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from tests import factories
from visits.models import Participant, Quote, Visit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("precision", "shown", "iso"),
    [
        ("day", "27 août 2021", "2021-08-27"),
        ("month", "août 2021", "2021-08"),
        ("year", "2021", "2021"),
    ],
)
def test_visit_date_is_shown_at_its_precision_and_stored_as_its_period(precision, shown, iso):
    visit = factories.visit(date=datetime.date(2021, 8, 27), date_precision=precision)
    visit.refresh_from_db()
    assert str(visit.when) == shown
    assert visit.when.iso == iso
    if precision == "month":
        assert visit.date == datetime.date(2021, 8, 1)


def test_a_participant_needs_a_person_or_an_office():
    visit = factories.visit()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(visit=visit, office="")
    participant = Participant(visit=visit, office="  ")
    with pytest.raises(ValidationError, match="Indiquez une personne, une fonction"):
        participant.full_clean()


def test_participants_come_lead_first_then_in_order():
    visit = factories.visit()
    factories.participant(visit, office="ministre A", role="accompanies", order=1)
    factories.participant(visit, office="Premier ministre", role="leads", order=5)
    factories.participant(visit, office="ministre B", role="accompanies", order=2)
    offices = [p.office for p in visit.participants.lead_first()]
    assert offices == ["Premier ministre", "ministre A", "ministre B"]


def test_a_place_that_a_visit_went_to_cannot_be_deleted():
    place = factories.place()
    factories.stop(factories.visit(), place=place)
    with pytest.raises(ProtectedError):
        place.delete()


def test_a_programme_announced_during_a_visit_cannot_be_deleted():
    from visits.models import Announcement

    programme = factories.programme()
    Announcement.objects.create(visit=factories.visit(), programme=programme, text="Annonce")
    with pytest.raises(ProtectedError):
        programme.delete()


def test_a_quote_must_come_from_a_participant_of_the_same_visit():
    visit, other = factories.visit(), factories.visit()
    stranger = factories.participant(other)
    quote = Quote(visit=visit, participant=stranger, text="Mot")
    with pytest.raises(ValidationError, match="Choisissez un participant de cette visite"):
        quote.full_clean()


def test_published_visits_follow_the_shared_definition():
    live = factories.visit()
    factories.visit(status="draft", published_at=None)
    assert list(Visit.objects.published()) == [live]
