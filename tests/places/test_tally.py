"""The public places counted per department by database triggers (places.tally): after any
kind of write, the tally gives what counting the rows gives."""

import collections
import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from places import tally
from places.models import Lifecycle, Place
from tests import factories

pytestmark = pytest.mark.django_db

CLOSING = {
    "lifecycle": Lifecycle.CLOSED,
    "closed_on": datetime.date(2023, 3, 1),
    "closure_reason": "Fin du bail",
}


def counted_row_by_row():
    places = Place.objects.published().exclude(lifecycle=Lifecycle.CLOSED)
    return places.count(), places.values("department").distinct().count()


def assert_tally_matches(expected):
    assert tally.public_counts() == counted_row_by_row() == expected
    assert_mapped_matches()


def assert_mapped_matches():
    """The places with coordinates, and the sums of their coordinates, per department: as
    tallied, and as read row by row."""
    rows = collections.defaultdict(lambda: [0, 0.0, 0.0])
    for place in (
        Place.objects.published()
        .exclude(lifecycle=Lifecycle.CLOSED)
        .filter(latitude__isnull=False)
        .select_related("department__region")
    ):
        department, region = place.department, place.department.region
        total = rows[department.code, department.name, region.code, region.name]
        total[0] += 1
        total[1] += float(place.latitude)
        total[2] += float(place.longitude)
    tallied = tally.mapped_per_department()
    assert set(tallied) == set(rows)
    for department, (count, latitudes, longitudes) in tallied.items():
        assert count == rows[department][0]
        assert latitudes == pytest.approx(rows[department][1])
        assert longitudes == pytest.approx(rows[department][2])
    return {code: count for (code, *_names), (count, _lat, _lon) in tallied.items()}


@pytest.fixture
def calvados():
    return factories.department("14")


@pytest.fixture
def gironde():
    return factories.department("33")


def test_saves_publications_closings_and_deletions_are_counted(calvados, gironde):
    assert_tally_matches((0, 0))
    first = factories.place(department=calvados)
    factories.place(department=calvados)
    draft = factories.draft_place(department=gironde)
    assert_tally_matches((2, 1))

    draft.publish()
    draft.save()
    assert_tally_matches((3, 2))

    first.name = "Renommé"
    first.save()  # every column written again, none that counts changed
    assert_tally_matches((3, 2))

    for field, value in CLOSING.items():
        setattr(first, field, value)
    first.save()
    assert_tally_matches((2, 2))

    draft.delete()
    assert_tally_matches((1, 1))
    first.delete()  # closed: it was not counted any more
    assert_tally_matches((1, 1))


CAEN = {"latitude": Decimal("49.18"), "longitude": Decimal("-0.37")}
BAYEUX = {"latitude": Decimal("49.27"), "longitude": Decimal("-0.70")}
BORDEAUX = {"latitude": Decimal("44.84"), "longitude": Decimal("-0.58")}


def test_places_with_coordinates_are_counted_with_their_coordinates(calvados, gironde):
    caen = factories.place(department=calvados, **CAEN)
    factories.place(department=calvados, **BAYEUX)
    factories.place(department=calvados)  # no coordinates: counted, not mapped
    factories.draft_place(department=gironde, **BORDEAUX)
    assert_tally_matches((3, 1))
    assert assert_mapped_matches() == {"14": 2}

    caen.latitude, caen.longitude = Decimal("49.19"), Decimal("-0.36")  # moved in its town
    caen.save()
    assert_tally_matches((3, 1))

    caen.latitude = caen.longitude = None
    caen.save()
    assert assert_mapped_matches() == {"14": 1}

    Place.objects.filter(department=calvados, latitude__isnull=True).update(**CAEN)
    assert assert_mapped_matches() == {"14": 3}

    Place.objects.filter(department=gironde).update(
        status=Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert_tally_matches((4, 2))
    assert assert_mapped_matches() == {"14": 3, "33": 1}

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE places_place SET latitude = NULL, longitude = NULL WHERE department_id = %s",
            [gironde.pk],
        )
    assert assert_mapped_matches() == {"14": 3}
    Place.objects.filter(department=calvados).delete()
    assert assert_mapped_matches() == {}


def test_a_mapped_place_scheduled_later_shows_from_its_date(calvados):
    factories.place(department=calvados, **CAEN)
    later = factories.place(
        department=calvados, published_at=timezone.now() + datetime.timedelta(hours=1), **BAYEUX
    )
    assert assert_mapped_matches() == {"14": 1}
    _count, latitudes, _longitudes = tally.mapped_per_department()[
        "14", "Calvados", "28", "Normandie"
    ]
    assert latitudes == pytest.approx(49.18)
    Place.objects.filter(pk=later.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert assert_mapped_matches() == {"14": 2}


def test_bulk_writes_and_raw_sql_are_counted(calvados, gironde):
    Place.objects.bulk_create(
        Place(
            name=f"Lieu {number}",
            slug=f"lieu-en-lot-{number}",
            department=calvados,
            status=Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=1),
        )
        for number in range(5)
    )
    assert_tally_matches((5, 1))

    Place.objects.filter(slug__in=["lieu-en-lot-0", "lieu-en-lot-1"]).update(department=gironde)
    assert_tally_matches((5, 2))

    Place.objects.filter(slug="lieu-en-lot-2").update(status=Status.DRAFT, published_at=None)
    assert_tally_matches((4, 2))

    Place.objects.filter(slug="lieu-en-lot-2").update(
        status=Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert_tally_matches((5, 2))

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE places_place SET status = %s, published_at = NULL WHERE department_id = %s",
            [Status.DRAFT, gironde.pk],
        )
    assert_tally_matches((3, 1))

    Place.objects.filter(department=calvados).delete()
    assert_tally_matches((0, 0))


def test_a_rolled_back_write_leaves_the_tally_as_it_was(calvados):
    factories.place(department=calvados)
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.place(department=calvados)
        assert tally.public_counts() == (2, 1)
        raise RuntimeError
    assert_tally_matches((1, 1))


def test_a_publication_scheduled_later_counts_from_its_date(calvados, gironde):
    factories.place(department=calvados)
    later = factories.place(
        department=gironde, published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert_tally_matches((1, 1))

    Place.objects.filter(pk=later.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert_tally_matches((2, 2))


def test_a_closed_place_scheduled_later_is_not_subtracted_twice(calvados):
    factories.place(department=calvados)
    factories.place(
        department=calvados, published_at=timezone.now() + datetime.timedelta(hours=1), **CLOSING
    )
    assert_tally_matches((1, 1))


def test_the_list_and_the_home_page_show_the_tally(client, calvados, gironde):
    factories.place(department=calvados)
    factories.place(department=calvados)
    factories.place(department=gironde, **CLOSING)
    factories.place(department=gironde, published_at=timezone.now() + datetime.timedelta(days=1))
    factories.draft_place(department=gironde)

    response = client.get(reverse("places:list"))
    assert "2 lieux" in response.content.decode()
    assert response.content.decode().count('class="card"') == 2
    response = client.get(reverse("places:list"), {"statut": "tous"})
    assert "3 lieux" in response.content.decode()

    response = client.get(reverse("home"))
    context = response.context_data
    assert (context["place_count"], context["department_count"]) == (2, 1)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on rebuilds")
def test_triggers_dropped_by_a_table_rebuild_are_put_back(calvados):
    factories.place(department=calvados)
    with connection.cursor() as cursor:
        for statement in tally.drop_sql("sqlite"):
            cursor.execute(statement)
    factories.place(department=calvados)  # not seen by the tally
    assert tally.public_counts() == (1, 1)

    assert tally.repair_sqlite() is True
    assert_tally_matches((2, 1))
    factories.place(department=calvados)
    assert_tally_matches((3, 1))
    assert tally.repair_sqlite() is False  # nothing to do any more


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage parameter")
def test_postgresql_keeps_room_in_the_tally_s_pages_for_updates():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE oid = %s::regclass",
            [tally.DepartmentTally._meta.db_table],
        )
        assert cursor.fetchone()[0] == ["fillfactor=50"]
