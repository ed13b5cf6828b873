"""What SQLite reads for the map, with its statistics (gathered after `migrate` and imports): a
department's places are counted and cut into zones from `place_map_idx` alone, and the tally's
few places scheduled later are a short range of each department there, not a scan of the
places. PostgreSQL chooses by its own statistics (tests/places/test_list_plans.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from content.models import Status
from content.planner import gather_statistics
from places import map_zones, maps, tally
from places.models import Place
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner"),
]


@pytest.fixture
def mapped_places():
    """Four departments of 300 places on the map, 100 without coordinates, one scheduled."""
    published_at = factories.past()
    rows = []
    for code in ("14", "50", "61", "76"):
        department = factories.department(code)
        rows += [
            Place(
                name=f"Lieu {code}-{number:03d}",
                slug=f"lieu-{code}-{number:03d}",
                department=department,
                status=Status.PUBLISHED,
                published_at=published_at,
                latitude=Decimal("49") + Decimal(number) / 1000 if number < 300 else None,
                longitude=Decimal("-0.5") + Decimal(number) / 1000 if number < 300 else None,
            )
            for number in range(400)
        ]
    Place.objects.bulk_create(rows)
    factories.place(
        department=factories.department("14"),
        published_at=factories.past(days=-2),  # in two days
        latitude=Decimal("49.1"),
        longitude=Decimal("-0.4"),
    )
    gather_statistics()


def plans(function):
    """The query plan of each query the function makes, as one line each."""
    with CaptureQueriesContext(connection) as queries:
        function()
    found = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            found.append(" | ".join(str(row[-1]) for row in cursor.fetchall()))
    return found


def test_a_department_s_zones_are_counted_from_the_map_index_alone(mapped_places, settings):
    settings.MAP_PLACES_PER_ZONE = 100
    filterset = maps.data_filter(QueryDict("departement=14"))
    assert filterset.is_valid()
    found = plans(lambda: map_zones.split(filterset.qs))
    # The count and box of the department's places, then their zones.
    assert len(found) == 2, found
    for plan in found:
        assert "USING COVERING INDEX place_map_idx (department_id=?" in plan, plan


def test_the_places_scheduled_later_are_not_searched_among_every_place(mapped_places):
    for function in (tally.public_counts, tally.mapped_per_department):
        for plan in plans(function):
            # Each read of the places is a range of those published later, in some index.
            reads = [step for step in plan.split(" | ") if "places_place " in step]
            assert reads, plan
            for step in reads:
                assert step.startswith("SEARCH") and "published_at>?" in step, (
                    function.__name__,
                    plan,
                )
