"""Export benchmark: peak memory and time of the places exports at 10 000 and 100 000 places.

    .venv/bin/python benchmarks/export_places.py [--sizes 10000 100000] [--formats csv xlsx json]
        [--varied] [--database-url postgres://…/empty_throwaway_database] [--repeat 5]

Runs on a throwaway SQLite database in a temporary folder (never db.sqlite3), or on the empty
database given by `--database-url` (PostgreSQL: it is migrated and filled). For each size it
times the CSV export against a bare `csv.writer` loop over the same SQL rows (the cost of
reading the rows is in both; the export adds formatting, formula neutralisation and the
related lists), the best of `--repeat` runs of each taken in turns, in CPU seconds (this
process's, plus those of its PostgreSQL server process when it runs on this machine: what
other processes on a shared machine hardly change) and in wall-clock seconds; then it measures
the peak of Python allocations (tracemalloc) while each format is produced and consumed, as a
download would be. Not a test: timings depend on the machine.

By default the places are alike: one kind, one service, no coordinates, no provenance, and
timestamps within a few minutes, like a fresh bulk import. `--varied` makes them look more like
the census after years of editing: coordinates, a provenance row each, a second kind for a third
of them, a two-line description (quoted in CSV) for half, and each place published and modified
in a minute, and a day, of its own.
"""

import argparse
import csv
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(folder, database_url=None):
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tierslieux.settings")
    import django

    django.setup()
    from django.core.signals import request_finished
    from django.db import close_old_connections

    from benchmarks import pages_data

    # Closing a response ends a request, which closes the connection: keep one connection, so
    # that no run pays for opening one and the server process whose CPU is counted stays.
    request_finished.disconnect(close_old_connections)

    # It is about to receive 100 000 fake places: never a database that holds real ones.
    pages_data.migrate_throwaway(database_url)


def populate(count, varied=False):
    import datetime
    from decimal import Decimal

    from django.db.models import F
    from django.utils import timezone

    from content.models import Status
    from places.models import Dataset, Department, Place, PlaceKind, Provenance, Service

    existing = Place.objects.count()
    if existing >= count:
        return
    departments = list(Department.objects.all())
    kinds = list(PlaceKind.objects.all())
    service, _created = Service.objects.get_or_create(slug="bureaux", defaults={"name": "Bureaux"})
    now = timezone.now()
    first = datetime.datetime(2015, 1, 1, tzinfo=datetime.timezone.utc)
    batch = []
    for number in range(existing, count):
        department = departments[number % len(departments)]
        place = Place(
            name=f"Tiers-lieu {number:06d}",
            slug=f"tiers-lieu-{number}",
            summary="Coworking et atelier partagé, ouvert à tous.",
            street_address=f"{number % 300} rue de la République",
            commune_name="Commune",
            department=department,
            website=f"https://lieu-{number}.example.org",
            year_opened=2010 + number % 12,
            status=Status.PUBLISHED,
            published_at=now,
        )
        if varied:
            place.latitude = Decimal(f"{46 + number % 30000 / 10000:.7f}")
            place.longitude = Decimal(f"{-0.5 - number % 20000 / 10000:.7f}")
            place.published_at = first + datetime.timedelta(minutes=37 * number)
            if number % 2:
                place.description = f"Première ligne.\nSeconde ligne du lieu {number}."
        place.refresh_search_text()
        batch.append(place)
    created = Place.objects.bulk_create(batch, batch_size=2000)
    Place.kinds.through.objects.bulk_create(
        [
            Place.kinds.through(place_id=place.pk, placekind_id=kinds[place.pk % len(kinds)].pk)
            for place in created
        ]
        + [
            Place.kinds.through(
                place_id=place.pk, placekind_id=kinds[(place.pk + 1) % len(kinds)].pk
            )
            for place in created
            if varied and place.pk % 3 == 0
        ],
        batch_size=5000,
    )
    if varied:
        Place.objects.filter(pk__gte=created[0].pk).update(
            updated_at=F("published_at") + datetime.timedelta(days=40, seconds=17)
        )
        dataset, _created = Dataset.objects.get_or_create(
            slug="cget-tiers-lieux-2019", defaults={"title": "Recensement", "licence": "LO 2.0"}
        )
        Provenance.objects.bulk_create(
            [
                Provenance(
                    place_id=place.pk,
                    dataset=dataset,
                    row_id=str(place.pk),
                    first_imported_at=now,
                    last_imported_at=now,
                )
                for place in created
            ],
            batch_size=5000,
        )
    Place.services.through.objects.bulk_create(
        [Place.services.through(place_id=place.pk, service_id=service.pk) for place in created],
        batch_size=5000,
    )


class Echo:
    def write(self, value):
        return value


def bare_csv():
    """The floor: the export's own SQL through a cursor, each row written by csv.writer."""
    from django.db import connection

    from places.exports import PLACE_EXPORT
    from places.models import Place

    sql, params = PLACE_EXPORT.rows_queryset(Place.objects.all()).query.sql_with_params()
    writer = csv.writer(Echo(), delimiter=";")
    size = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            size += len("".join(writer.writerow(row) for row in rows))
    return size


def export(export_format):
    from exports.columns import ExportContext
    from places.exports import PLACE_EXPORT
    from places.models import Place

    response = PLACE_EXPORT.response(
        Place.objects.all(),
        export_format,
        context=ExportContext("https://tiers-lieux.example.org"),
        filename="lieux",
    )
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    return size


def server_process_stat():
    """/proc's stat file of the database server process serving this connection, when that
    process runs on this machine (PostgreSQL on localhost); None otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    stat = Path(f"/proc/{pid}/stat")
    return stat if stat.exists() else None


def cpu_seconds(server_stat):
    """CPU time of this process and of its database server process (SQLite runs in this one)."""
    seconds = time.process_time()
    if server_stat:
        # utime and stime, the 14th and 15th fields, after the command name in parentheses.
        fields = server_stat.read_text().rpartition(")")[2].split()
        seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def compare(repeat):
    """Best times of the bare loop and of the CSV export, run in turns: a burst of load from
    other processes then slows both alike instead of one of them. Each time twice: CPU
    seconds (this process and the database's), which other processes on the machine hardly
    change, and wall-clock seconds."""
    server_stat = server_process_stat()
    times = {"bare": [], "export": []}
    for _attempt in range(repeat):
        for name, function, args in [("bare", bare_csv, ()), ("export", export, ("csv",))]:
            cpu, wall = cpu_seconds(server_stat), time.perf_counter()
            function(*args)
            times[name].append((cpu_seconds(server_stat) - cpu, time.perf_counter() - wall))
    return _best(times["bare"]), _best(times["export"])


def _best(runs):
    return min(cpu for cpu, _wall in runs), min(wall for _cpu, wall in runs)


def peak(function, *args):
    tracemalloc.start()
    tracemalloc.reset_peak()
    size = function(*args)
    _current, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx", "json", "geojson"])
    parser.add_argument("--varied", action="store_true", help="places that differ (see above)")
    parser.add_argument("--database-url", help="an empty, throwaway database instead of SQLite")
    parser.add_argument("--repeat", type=int, default=5, help="timings kept: the best of N")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(folder, options.database_url)
        print("| places | bare csv.writer, CPU (s) | CSV export, CPU (s) | ratio |", end="")
        print(" wall clock: bare, export (s) | ratio |", end="")
        print("".join(f" peak {name} (MiB) |" for name in options.formats))
        print("|---|---|---|---|---|---|" + "---|" * len(options.formats))
        for size in sorted(options.sizes):
            populate(size, varied=options.varied)
            (bare, bare_wall), (ours, ours_wall) = compare(options.repeat)
            peaks = [peak(export, name) for name in options.formats]
            cells = "".join(f" {top / 2**20:.1f} |" for top, _size in peaks)
            places = f"{size:,}".replace(",", " ")
            print(f"| {places} | {bare:.2f} | {ours:.2f} | {ours / bare:.2f}× |", end="")
            print(f" {bare_wall:.2f}, {ours_wall:.2f} | {ours_wall / bare_wall:.2f}× |{cells}")


if __name__ == "__main__":
    main()
