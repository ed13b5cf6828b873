"""SQLite's planner gets statistics after `migrate` and after an import, and with them reads the
first page of /lieux/ in name order from its index instead of sorting every published place."""

import pytest
from django.db import connection

from content.models import Status
from content.planner import gather_statistics
from places.models import Place
from tests import factories
from tests.places.import_files import import_regional

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL analyses by itself"),
]


def analysed_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


def first_page_plan():
    ids = Place.objects.published().order_by("name", "id").values("pk")[:20]
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


def test_the_test_database_was_analysed_by_migrate():
    # The tables the migrations filled (the communes, the departments); empty ones have no row.
    assert {"places_commune", "places_department"} <= analysed_tables()


def test_with_statistics_the_first_page_is_read_in_name_order_from_its_index():
    department = factories.department()
    published_at = factories.past()
    Place.objects.bulk_create(
        Place(
            name=f"Lieu {number:04d}",
            slug=f"lieu-{number:04d}",
            department=department,
            status=Status.PUBLISHED,
            published_at=published_at,
        )
        for number in range(400)
    )
    gather_statistics()
    plan = first_page_plan()
    assert "place_name_id_idx" in plan
    assert "TEMP B-TREE" not in plan


def test_an_import_gathers_them_once_committed(django_capture_on_commit_callbacks):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    assert analysed_tables() == set()
    with django_capture_on_commit_callbacks(execute=True):
        report = import_regional()
    assert report.applied
    assert "places_place" in analysed_tables()
