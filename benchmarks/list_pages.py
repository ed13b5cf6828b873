"""List pages benchmark: how fast /lieux/ serves page 1, the middle page and page 500 of
10 000 places.

    .venv/bin/python benchmarks/list_pages.py [--places 10000] [--repeat 15]
        [--database-url postgres://…/empty_throwaway_database]

Runs on a throwaway SQLite database in a temporary folder (never db.sqlite3), or on the empty
database given by `--database-url` (PostgreSQL: it is migrated, filled, vacuumed and analysed,
as autovacuum leaves a live database). Each page is asked for through Django's test client with
the page cache off, so every answer is built: the filter options, the page's rows with their
count in one query (content.pagination; unfiltered, the count is the places' tally instead, a
query of its own that does not grow), the cover photos, the template. The best of `--repeat`
runs of each page is taken, the pages in turns. The same pages are then served with Django's
own Paginator (a COUNT, then `LIMIT … OFFSET …` on the whole rows) for comparison. Not a test:
timings depend on the machine.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ["atelier", "fablab", "coworking", "ferme", "café", "garage", "friche", "forge"]


def setup(folder, database_url=None):
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tierslieux.settings")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    from benchmarks import pages_data

    pages_data.migrate_throwaway(database_url)
    setup_test_environment()  # the test client's host is allowed


def populate(count):
    import datetime

    from django.db import connection
    from django.utils import timezone

    from content.models import Status
    from places import labels
    from places.models import Department, Place, PlaceKind, Service

    # Spread without randomness: the same database at every run.
    departments = list(Department.objects.all())
    kinds = list(PlaceKind.objects.all())
    services = [Service.objects.create(name=f"Service {n}", slug=f"service-{n}") for n in range(12)]
    now = timezone.now()

    def pick(items, number, step):
        return items[(number * step) % len(items)]

    places = Place.objects.bulk_create(
        (
            Place(
                name=f"{pick(WORDS, number, 3).title()} {number:05d}",
                slug=f"lieu-{number}",
                summary=f"Un {pick(WORDS, number, 5)} et un {pick(WORDS, number, 7)}.",
                department=pick(departments, number, 37),
                commune_name=f"Commune {number % 3000}",
                year_opened=None if number % 7 == 0 else 1990 + number % 34,
                status=Status.PUBLISHED,
                published_at=now - datetime.timedelta(minutes=number),
            )
            for number in range(count)
        ),
        batch_size=2000,
    )
    Place.kinds.through.objects.bulk_create(
        [
            Place.kinds.through(place_id=place.pk, placekind_id=pick(kinds, n, 11).pk)
            for n, place in enumerate(places)
        ],
        batch_size=5000,
    )
    Place.services.through.objects.bulk_create(
        [
            Place.services.through(place_id=place.pk, service_id=pick(services, n, 13).pk)
            for n, place in enumerate(places)
        ],
        batch_size=5000,
    )
    for place in places:
        place.refresh_search_text()
    Place.objects.bulk_update(places, ["search_text", "search_title"], batch_size=2000)
    labels.refresh(place.pk for place in places)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def django_paginator(*args, known_count=None, **kwargs):
    """Django's own Paginator, which counts the rows itself: the list's count from the places'
    tally (`known_count`) is left aside."""
    from django.core.paginator import Paginator

    return Paginator(*args, **kwargs)


def timed(client, params):
    start = time.perf_counter()
    response = client.get("/lieux/", params)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"/lieux/ {params}: {response.status_code}")
    return elapsed


def measure(cases, repeat):
    from django.test import Client

    client = Client()
    for _name, params in cases:
        timed(client, params)  # templates compiled, connection open
    results = {name: float("inf") for name, _params in cases}
    # In turns, so that a slower moment of the machine falls on every page alike.
    for _round in range(repeat):
        for name, params in cases:
            results[name] = min(results[name], timed(client, params))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(folder, arguments.database_url)
        from django.conf import settings
        from django.db import connection

        from places.views import PlaceListView

        settings.PAGECACHE_ENABLED = False
        # Static files as in development: no manifest to build first.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        populate(arguments.places)
        last = (arguments.places + 19) // 20
        deep = min(500, last)
        # Past the middle, a page is read from the end of the list: the middle page skips
        # the most rows.
        middle = (last + 1) // 2
        cases = [
            ("page 1", {}),
            (f"page {middle}", {"page": middle}),
            (f"page {deep}", {"page": deep}),
            ("by opening year, page 1", {"tri": "ouverture"}),
            (f"by opening year, page {deep}", {"tri": "ouverture", "page": deep}),
            ("search « forge », page 1", {"q": "forge"}),
        ]
        print(f"{connection.vendor}, {arguments.places} places, best of {arguments.repeat}")
        print(f"{'page':<32} {'one query (ms)':>15} {'Django Paginator (ms)':>22}")
        ours = measure(cases, arguments.repeat)
        PlaceListView.paginator_class = staticmethod(django_paginator)
        theirs = measure(cases, arguments.repeat)
        for name, _params in cases:
            print(f"{name:<32} {ours[name] * 1000:>15.1f} {theirs[name] * 1000:>22.1f}")
        for label, found in (("one query", ours), ("Django Paginator", theirs)):
            for page in sorted({middle, deep}):
                ratio = found["page 1"] / found[f"page {page}"]
                print(f"page {page} served {ratio:.3f}× as fast as page 1 ({label})")


if __name__ == "__main__":
    main()
