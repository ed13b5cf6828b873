"""The public places counted per department (DepartmentTally), kept by database triggers.

Counting the public places row by row grows with them: at 100 000 places the home page spent
most of its time there. The triggers keep one row per department instead, exact inside every
transaction (PostgreSQL locks the department's row until commit; SQLite has one writer), and
whatever writes the places: the ORM, bulk updates, imports, raw SQL. Hand-written: no
maintained Django library keeps a filtered count by trigger on both databases.

A place counts when published and not closed. A publication scheduled later is counted by the
tally already; `public_counts` subtracts those few rows, read from the publication index.

SQLite drops a table's triggers when a migration rebuilds the table: `repair_sqlite` (after
every `migrate`) puts them back and counts again.
"""

import collections

from django.db import connections
from django.db.models import Value

from content.models import Status, scheduled_filter
from places.models import DepartmentTally, Lifecycle, Place

PLACES = "places_place"
TALLY = "places_departmenttally"
# Constants of the code, not input: safe to write into the SQL.
COUNTED = f"status = '{Status.PUBLISHED}' AND lifecycle <> '{Lifecycle.CLOSED}'"


def _moved(differs):
    """Whether an update changed what counts; `differs`: each database's null-safe `<>`."""
    columns = ("status", "lifecycle", "department_id")
    return "(" + " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in columns) + ")"


def _row(row):
    return COUNTED.replace("status", f"{row}.status").replace("lifecycle", f"{row}.lifecycle")


def _add(row):
    """One more place in the department of `row` (NEW or OLD): its tally row made if needed."""
    return (
        f"INSERT INTO {TALLY} (department_id, places) VALUES ({row}.department_id, 1) "  # noqa: S608 (the code's constants)
        f"ON CONFLICT (department_id) DO UPDATE SET places = {TALLY}.places + 1"
    )


def _remove(row):
    return f"UPDATE {TALLY} SET places = places - 1 WHERE department_id = {row}.department_id"  # noqa: S608 (the code's constants)


def _sqlite_trigger(name, event, when, statement):
    return f"CREATE TRIGGER {name} AFTER {event} ON {PLACES} WHEN {when} BEGIN {statement}; END"


UPDATE = "UPDATE OF status, lifecycle, department_id"
SQLITE_TRIGGERS = {
    name: _sqlite_trigger(name, event, when, statement)
    for name, event, when, statement in [
        ("places_tally_insert", "INSERT", _row("NEW"), _add("NEW")),
        ("places_tally_delete", "DELETE", _row("OLD"), _remove("OLD")),
        (
            "places_tally_update_old",
            UPDATE,
            f"{_row('OLD')} AND {_moved('IS NOT')}",
            _remove("OLD"),
        ),
        (
            "places_tally_update_new",
            UPDATE,
            f"{_row('NEW')} AND {_moved('IS NOT')}",
            _add("NEW"),
        ),
    ]
}

POSTGRES_TRIGGER = [
    f"""
    CREATE FUNCTION places_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NOT {_moved("IS DISTINCT FROM")} THEN
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND {_row("OLD")} THEN
            {_remove("OLD")};
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND {_row("NEW")} THEN
            {_add("NEW")};
        END IF;
        RETURN NULL;
    END
    $$""",
    f"""
    CREATE TRIGGER places_tally AFTER INSERT OR UPDATE OR DELETE ON {PLACES}
    FOR EACH ROW EXECUTE FUNCTION places_tally()""",
]

RECOUNT = [
    f"DELETE FROM {TALLY}",  # noqa: S608 (constants)
    f"INSERT INTO {TALLY} (department_id, places) "  # noqa: S608
    f"SELECT department_id, COUNT(*) FROM {PLACES} WHERE {COUNTED} GROUP BY department_id",
]


def install_sql(vendor):
    """The statements that create the triggers and count the places already there."""
    triggers = {"sqlite": list(SQLITE_TRIGGERS.values()), "postgresql": POSTGRES_TRIGGER}
    return [*triggers[vendor], *RECOUNT]


def drop_sql(vendor):
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
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
        if TALLY not in existing or existing.issuperset(SQLITE_TRIGGERS):
            return False  # not migrated that far, or nothing to do
        for statement in drop_sql("sqlite") + install_sql("sqlite"):
            cursor.execute(statement)
    return True


def public_counts():
    """(places, departments) the public sees, not counting closed places: each department's
    tally less its published places scheduled later. One query, whatever the number of places:
    about a hundred tally rows, and a row per scheduled place from the publication index (a
    GROUP BY there would lead SQLite to read every place in department order)."""
    scheduled = (
        Place.objects.filter(scheduled_filter())
        .exclude(lifecycle=Lifecycle.CLOSED)
        .order_by()
        .annotate(one_less=Value(-1))
        .values_list("department_id", "one_less")
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
