"""Export benchmark: peak memory and time of the places exports at 10 000 and 100 000 places.

    .venv/bin/python benchmarks/export_places.py [--sizes 10000 100000] [--formats csv xlsx json]

Runs on a throwaway SQLite database in a temporary folder (never db.sqlite3). For each size it
times the CSV export against a bare `csv.writer` loop over the same SQL rows (the cost of
reading the rows is in both; the export adds formatting, formula neutralisation and the
related lists), then measures the peak of Python allocations (tracemalloc) while each format
is produced and consumed, as a download would be. Not a test: timings depend on the machine.
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


def setup(folder):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tierslieux.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(count):
    from django.utils import timezone

    from places.models import Department, Place, PlaceKind, Service
    from tierslieux.models import Status

    existing = Place.objects.count()
    if existing >= count:
        return
    departments = list(Department.objects.all())
    kinds = list(PlaceKind.objects.all())
    service, _created = Service.objects.get_or_create(slug="bureaux", defaults={"name": "Bureaux"})
    now = timezone.now()
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
        place.refresh_search_text()
        batch.append(place)
    created = Place.objects.bulk_create(batch, batch_size=2000)
    Place.kinds.through.objects.bulk_create(
        [
            Place.kinds.through(place_id=place.pk, placekind_id=kinds[place.pk % len(kinds)].pk)
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
    from places.exports import PLACE_EXPORT
    from places.models import Place
    from tierslieux.exports import ExportContext

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


def timed(function, *args, repeat=3):
    best = None
    for _attempt in range(repeat):
        start = time.perf_counter()
        function(*args)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


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
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        print("| places | bare csv.writer (s) | CSV export (s) | ratio |", end="")
        print("".join(f" peak {name} (MiB) |" for name in options.formats))
        print("|---|---|---|---|" + "---|" * len(options.formats))
        for size in sorted(options.sizes):
            populate(size)
            bare = timed(bare_csv)
            ours = timed(export, "csv")
            peaks = [peak(export, name) for name in options.formats]
            cells = "".join(f" {top / 2**20:.1f} |" for top, _size in peaks)
            places = f"{size:,}".replace(",", " ")
            print(f"| {places} | {bare:.2f} | {ours:.2f} | {ours / bare:.2f}× |{cells}")


if __name__ == "__main__":
    main()
