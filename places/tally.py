"""The public places counted per department (DepartmentTally), kept by database triggers.

Counting the public places row by row grows with them: at 100 000 places the home page spent
most of its time there. The triggers keep one row per department instead, exact inside every
transaction (PostgreSQL locks the department's row until commit; SQLite has one writer), and
whatever writes the places: the ORM, bulk updates, imports, raw SQL. Hand-written: no
maintained Django library keeps a filtered count by trigger on both databases.

A place counts when published and not closed. A publication scheduled later is counted by the
tally already; `public_counts` subtracts those few rows, read from the publication index.
Those with coordinates are also counted apart, with the sums of their latitudes and
longitudes: the map's overview places each department at their mean without reading them.

SQLite drops a table's triggers when a migration rebuilds the table: `repair_sqlite` (after
every `migrate`) puts them back and counts again.
"""

import collections

from django.db import connections
from django.db.models import FloatField, Q, Value
from django.db.models.functions import Cast

from content.models import Status, scheduled_filter
from places.models import DepartmentTally, Lifecycle, Place

PLACES = "places_place"
TALLY = "places_departmenttally"
# Constants of the code, not input: safe to write into the SQL.
COUNTED = f"status = '{Status.PUBLISHED}' AND lifecycle <> '{Lifecycle.CLOSED}'"
# What each counted place adds to its department's row, `{row}` being NEW or OLD: before the
# coordinates were tallied (their migration), and since.
ADDS = {
    False: {"places": "1"},
    True: {
        "places": "1",
        "mapped": "CASE WHEN {row}.latitude IS NULL THEN 0 ELSE 1 END",
        "latitude_sum": "COALESCE({row}.latitude, 0)",
        "longitude_sum": "COALESCE({row}.longitude, 0)",
    },
}


def _watched(coordinates):
    return ("status", "lifecycle", "department_id") + (
        ("latitude", "longitude") if coordinates else ()
    )


def _moved(differs, coordinates):
    """Whether an update changed what counts; `differs`: each database's null-safe `<>`."""
    return (
        "("
        + " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in _watched(coordinates))
        + ")"
    )


def _row(row):
    return COUNTED.replace("status", f"{row}.status").replace("lifecycle", f"{row}.lifecycle")


def _add(row, coordinates):
    """One more place in the department of `row` (NEW or OLD): its tally row made if needed."""
    adds = {column: value.format(row=row) for column, value in ADDS[coordinates].items()}
    updates = ", ".join(f"{column} = {TALLY}.{column} + excluded.{column}" for column in adds)
    return (
        f"INSERT INTO {TALLY} (department_id, {', '.join(adds)}) "  # noqa: S608 (the code's constants)
        f"VALUES ({row}.department_id, {', '.join(adds.values())}) "
        f"ON CONFLICT (department_id) DO UPDATE SET {updates}"
    )


def _remove(row, coordinates):
    updates = ", ".join(
        f"{column} = {column} - {value.format(row=row)}"
        for column, value in ADDS[coordinates].items()
    )
    return f"UPDATE {TALLY} SET {updates} WHERE department_id = {row}.department_id"  # noqa: S608 (the code's constants)


def _sqlite_trigger(name, event, when, statement):
    return f"CREATE TRIGGER {name} AFTER {event} ON {PLACES} WHEN {when} BEGIN {statement}; END"


def sqlite_triggers(coordinates=True):
    update = f"UPDATE OF {', '.join(_watched(coordinates))}"
    moved = _moved("IS NOT", coordinates)
    return {
        name: _sqlite_trigger(name, event, when, statement)
        for name, event, when, statement in [
            ("places_tally_insert", "INSERT", _row("NEW"), _add("NEW", coordinates)),
            ("places_tally_delete", "DELETE", _row("OLD"), _remove("OLD", coordinates)),
            (
                "places_tally_update_old",
                update,
                f"{_row('OLD')} AND {moved}",
                _remove("OLD", coordinates),
            ),
            (
                "places_tally_update_new",
                update,
                f"{_row('NEW')} AND {moved}",
                _add("NEW", coordinates),
            ),
        ]
    }


def postgres_trigger(coordinates=True):
    return [
        f"""
    CREATE FUNCTION places_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NOT {_moved("IS DISTINCT FROM", coordinates)} THEN
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND {_row("OLD")} THEN
            {_remove("OLD", coordinates)};
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND {_row("NEW")} THEN
            {_add("NEW", coordinates)};
        END IF;
        RETURN NULL;
    END
    $$""",
        f"""
    CREATE TRIGGER places_tally AFTER INSERT OR UPDATE OR DELETE ON {PLACES}
    FOR EACH ROW EXECUTE FUNCTION places_tally()""",
    ]


def recount(coordinates=True):
    columns, sums = "places", "COUNT(*)"
    if coordinates:
        columns += ", mapped, latitude_sum, longitude_sum"
        sums += ", COUNT(latitude), COALESCE(SUM(latitude), 0), COALESCE(SUM(longitude), 0)"
    return [
        f"DELETE FROM {TALLY}",  # noqa: S608 (constants)
        f"INSERT INTO {TALLY} (department_id, {columns}) "  # noqa: S608
        f"SELECT department_id, {sums} FROM {PLACES} WHERE {COUNTED} GROUP BY department_id",
    ]


def install_sql(vendor, coordinates=True):
    """The statements that create the triggers and count the places already there; without
    `coordinates`, as the tally was before it had their columns (its first migration)."""
    if vendor == "sqlite":
        triggers = list(sqlite_triggers(coordinates).values())
    else:
        triggers = postgres_trigger(coordinates)
    return [*triggers, *recount(coordinates)]


def drop_sql(vendor):
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_triggers()]
    return [
        f"DROP TRIGGER IF EXISTS places_tally ON {PLACES}",
        "DROP FUNCTION IF EXISTS places_tally()",
    ]


def repair_sqlite(using="default"):
    """Puts back the triggers a table rebuild dropped, and counts again. Returns whether it
    had to."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        if TALLY not in existing or existing.issuperset(sqlite_triggers()):
            return False  # not migrated that far, or nothing to do
        columns = {
            column.name for column in connection.introspection.get_table_description(cursor, TALLY)
        }
        for statement in drop_sql("sqlite") + install_sql("sqlite", "mapped" in columns):
            cursor.execute(statement)
    return True


def public_counts():
    """(places, departments) the public sees, not counting closed places: each department's
    tally less its published places scheduled later. One query, whatever the number of places:
    about a hundred tally rows, and a row per scheduled place from the publication index (a
    GROUP BY there would lead SQLite to read every place in department order)."""
    scheduled = (
        Place.objects.filter(scheduled_filter(), ~Q(lifecycle=Lifecycle.CLOSED))
        .order_by()
        .values_list("department_id", Value(-1))
    )
    rows = (
        DepartmentTally.objects.filter(places__gt=0)
        .values_list("department_id", "places")
        .union(scheduled, all=True)
    )
    per_department = collections.Counter()
    for department, places in rows:
        per_department[department] += places
    return sum(per_department.values()), sum(1 for count in per_department.values() if count > 0)


def mapped_per_department():
    """{(department code, name, region code, name): (places, sum of latitudes, sum of
    longitudes)} of the public places with coordinates, from the tally less the publications
    scheduled later. One query, whatever the number of places, as `public_counts`."""
    territory = (
        "department__code",
        "department__name",
        "department__region__code",
        "department__region__name",
    )
    scheduled = (
        Place.objects.filter(scheduled_filter(), latitude__isnull=False)
        .exclude(lifecycle=Lifecycle.CLOSED)
        .order_by()
        .annotate(
            one_less=Value(-1),
            latitude_less=Cast("latitude", FloatField()) * -1,
            longitude_less=Cast("longitude", FloatField()) * -1,
        )
        .values_list(*territory, "one_less", "latitude_less", "longitude_less")
    )
    rows = (
        DepartmentTally.objects.filter(mapped__gt=0)
        .values_list(*territory, "mapped", "latitude_sum", "longitude_sum")
        .union(scheduled, all=True)
    )
    totals = collections.defaultdict(lambda: [0, 0.0, 0.0])
    for *department, places, latitudes, longitudes in rows:
        total = totals[tuple(department)]
        total[0] += places
        total[1] += latitudes
        total[2] += longitudes
    return {department: tuple(total) for department, total in totals.items() if total[0] > 0}
