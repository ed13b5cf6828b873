"""A place's lifecycle and labels: what the database refuses, what the forms say in French."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from content.dates import DatePrecision
from places.models import Lifecycle, Place, PlaceLabel
from tests import factories

pytestmark = pytest.mark.django_db


def errors_of(row):
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    return raised.value.message_dict


def closed(**overrides):
    return factories.place(
        **{
            "lifecycle": Lifecycle.CLOSED,
            "opened_on": datetime.date(2018, 1, 1),
            "opened_on_precision": DatePrecision.YEAR,
            "closed_on": datetime.date(2023, 3, 1),
            "closed_on_precision": DatePrecision.MONTH,
            "closure_reason": "Fin du bail",
            **overrides,
        }
    )


# The database


@pytest.mark.parametrize(
    "values",
    [
        {"lifecycle": Lifecycle.CLOSED, "closure_reason": "Fin du bail"},  # no date
        {"lifecycle": Lifecycle.CLOSED, "closed_on": datetime.date(2023, 1, 1)},  # no reason
        {"closed_on": datetime.date(2023, 1, 1)},  # open, yet a closing date
        {"closure_reason": "Fin du bail"},  # open, yet a reason
        {"opened_on": datetime.date(1799, 12, 31)},
    ],
)
def test_the_database_refuses_an_impossible_lifecycle(values):
    place = factories.place()
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.filter(pk=place.pk).update(**values)


def test_the_database_refuses_a_closing_before_the_opening():
    place = closed()
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.filter(pk=place.pk).update(closed_on=datetime.date(2017, 6, 1))


def test_a_closed_place_with_its_date_and_reason_is_stored():
    place = closed()
    place.refresh_from_db()
    assert place.is_closed
    assert (str(place.closed), place.closed.iso) == ("mars 2023", "2023-03")


def test_dates_are_stored_as_the_first_day_of_their_period():
    place = factories.place(
        opened_on=datetime.date(2021, 8, 17), opened_on_precision=DatePrecision.MONTH
    )
    place.refresh_from_db()
    assert place.opened_on == datetime.date(2021, 8, 1)
    assert place.opened.iso == "2021-08"


# clean(): French messages


def test_a_closed_place_needs_a_date_and_a_reason():
    place = factories.place()
    place.lifecycle = Lifecycle.CLOSED
    errors = errors_of(place)
    assert errors["closed_on"] == ["Indiquez depuis quand le lieu est fermé."]
    assert errors["closure_reason"] == ["Indiquez pourquoi le lieu a fermé."]


def test_a_closing_date_without_the_closed_status_is_refused():
    place = factories.place()
    place.closed_on = datetime.date(2023, 1, 1)
    assert errors_of(place)["lifecycle"] == [
        "Une date ou une raison de fermeture est indiquée : choisissez « fermé », ou effacez-les."
    ]


def test_a_closing_before_the_opening_is_refused():
    place = closed()
    place.closed_on = datetime.date(2016, 5, 1)
    assert errors_of(place)["closed_on"] == [
        "La fermeture (mai 2016) ne peut pas précéder l'ouverture (2018)."
    ]


def test_a_closing_known_to_the_year_of_a_place_opened_later_that_year_asks_for_more():
    place = closed(
        opened_on=datetime.date(2019, 6, 15),
        opened_on_precision=DatePrecision.DAY,
        closed_on=datetime.date(2019, 12, 1),
        closed_on_precision=DatePrecision.MONTH,
    )
    place.closed_on_precision = DatePrecision.YEAR
    assert errors_of(place)["closed_on"] == [
        "La fermeture (2019) ne peut pas précéder l'ouverture (15 juin 2019) : précisez le mois "
        "ou le jour de la fermeture."
    ]


def test_only_a_planned_place_opens_in_the_future():
    next_year = timezone.localdate().year + 1
    place = factories.place()
    place.opened_on = datetime.date(next_year, 1, 1)
    assert errors_of(place)["opened_on"] == [
        "La date d'ouverture ne peut pas être dans le futur : un lieu pas encore ouvert est "
        "« en projet »."
    ]
    place.lifecycle = Lifecycle.PLANNED
    place.full_clean()


def test_a_closing_cannot_be_in_the_future():
    place = closed()
    place.closed_on = timezone.localdate() + datetime.timedelta(days=2)
    place.closed_on_precision = DatePrecision.DAY
    assert errors_of(place)["closed_on"] == ["La date de fermeture ne peut pas être dans le futur."]


def test_the_opening_year_reads_and_writes_the_opening_date():
    place = factories.place(year_opened=2019)
    assert (place.opened_on, place.opened_on_precision) == (
        datetime.date(2019, 1, 1),
        DatePrecision.YEAR,
    )
    place.opened_on = datetime.date(2019, 8, 1)
    place.opened_on_precision = DatePrecision.MONTH
    place.year_opened = 2019  # the same year: the month stays
    assert place.opened.iso == "2019-08"
    place.year_opened = None
    assert place.opened_on is None


# Labels


def test_a_place_obtains_a_label_once_at_a_date():
    place = factories.place()
    label = factories.label(name="Fabrique de territoire")
    factories.place_label(place, label=label, obtained_on=datetime.date(2021, 1, 1))
    duplicate = PlaceLabel(place=place, label=label, obtained_on=datetime.date(2021, 1, 1))
    assert errors_of(duplicate)["__all__"] == ["Ce lieu a déjà obtenu ce label à cette date."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_label_cannot_end_before_it_was_obtained():
    held = factories.place_label(factories.place(), obtained_on=datetime.date(2021, 8, 1))
    held.ended_on = datetime.date(2020, 1, 1)
    assert errors_of(held)["ended_on"] == ["La fin du label ne peut pas précéder son obtention."]
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceLabel.objects.filter(pk=held.pk).update(ended_on=datetime.date(2020, 1, 1))


def test_a_label_held_by_a_place_cannot_be_deleted():
    held = factories.place_label(factories.place())
    with pytest.raises(ProtectedError):
        held.label.delete()


# Admin


def test_editors_close_a_place_and_give_it_a_label_in_its_admin_page(editor_client):
    place = factories.place(sources=[factories.source()])
    label = factories.label(name="Fabrique de territoire")
    url = reverse("admin:places_place_change", args=[place.pk])
    page = editor_client.get(url)
    assertContains(page, "Labels du lieu")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"kinds", "services", "sources"}
    }
    data.update(
        department=place.department_id,
        sources=[source.pk for source in place.sources.all()],
        lifecycle=Lifecycle.CLOSED,
        closed_on="01/03/2023",
        closed_on_precision=DatePrecision.MONTH,
        closure_reason="",
        published_at_0="",
        published_at_1="",
        **{
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "awards-TOTAL_FORMS": "0",
            "awards-INITIAL_FORMS": "0",
            "labels-TOTAL_FORMS": "1",
            "labels-INITIAL_FORMS": "0",
            "labels-0-label": label.pk,
            "labels-0-obtained_on": "01/01/2021",
            "labels-0-obtained_on_precision": DatePrecision.YEAR,
            "labels-0-ended_on_precision": DatePrecision.YEAR,
        },
    )
    refused = editor_client.post(url, data)
    assertContains(refused, "Indiquez pourquoi le lieu a fermé.")

    data["closure_reason"] = "Fin du bail"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    place.refresh_from_db()
    assert (place.is_closed, place.closed.iso, place.closure_reason) == (
        True,
        "2023-03",
        "Fin du bail",
    )
    assert [str(held) for held in place.labels.all()] == ["Fabrique de territoire (2021)"]


def test_labels_are_searched_in_their_admin(admin_client):
    factories.label(name="Fabrique de territoire", awarded_by="ANCT")
    factories.label(name="Manufacture de proximité")
    response = admin_client.get(reverse("admin:places_label_changelist"), {"q": "fabrique"})
    assertContains(response, "Fabrique de territoire")
    assert response.context["cl"].result_count == 1
