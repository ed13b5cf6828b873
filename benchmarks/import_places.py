"""Import benchmark: a regional file of N rows merged into a site holding N places.

    .venv/bin/python benchmarks/import_places.py [--sizes 5000 20000]
        [--database-url postgres://…/empty_throwaway_database]

Runs on a throwaway SQLite database in a temporary folder (never db.sqlite3), or on the empty
database given by `--database-url`. For each size it creates that many places spread over real
communes, then imports a file of as many rows in a regional layout (one combined address cell,
a department column, a one-letter typology, an identifier column): one row in ten is a place
already on the site under a slightly different name (a probable duplicate, held for staff), the
others are new. It prints the time of the dry run, of the import, and of a second import of the
same file (nothing to change), the peak of Python allocations during the import (tracemalloc),
and how many rows were held as probable duplicates. Not a test: timings depend on the machine.
"""

import argparse
import csv
import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_places import setup  # the same throwaway database set-up

MAPPING = {
    "dataset": {
        "slug": "banc-d-essai",
        "title": "Banc d'essai",
        "attribution": "Banc d'essai",
        "licence": "Licence Ouverte 2.0",
    },
    "identifier": "ID",
    "columns": {
        "nom": "NOM DU LIEU",
        "adresse_complete": "ADRESSE",
        "departement_code": "DEPARTEMENT",
        "types": "TYPOLOGIE",
        "site_web": "URL",
    },
    "values": {"types": {"T": "coworking", "F": "fablab"}},
    "options": {"default_status": "publié"},
}
WORDS = ["Atelier", "Fabrique", "Ruche", "Cantine", "Manufacture", "Hangar", "Usine", "Grange"]
PLACES = ["du Port", "des Halles", "du Moulin", "de la Gare", "du Centre", "des Forges"]


def communes(count):
    from places.models import Commune

    rows = (
        Commune.objects.filter(kind="COM")
        .exclude(postcodes="")
        .order_by("-population", "code")
        .values_list("code", "name", "postcodes", "department__code", "department_id", "pk")
    )
    return list(rows[:count])


def name_for(number):
    return f"{WORDS[number % len(WORDS)]} {PLACES[number // 8 % len(PLACES)]} {number}"


def populate(count, pool):
    from django.utils import timezone

    from content.models import Status
    from places.models import Place

    existing = Place.objects.count()
    now = timezone.now()
    batch = []
    for number in range(existing, count):
        code, commune, postcodes, _department, department_id, commune_id = pool[number % len(pool)]
        place = Place(
            name=name_for(number),
            slug=f"lieu-{number}",
            commune_id=commune_id,
            commune_code=code,
            commune_name=commune,
            postcode=postcodes.split()[0],
            department_id=department_id,
            status=Status.PUBLISHED,
            published_at=now,
        )
        place.refresh_search_text()
        batch.append(place)
    Place.objects.bulk_create(batch, batch_size=2000)


def regional_file(count, pool):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["ID", "NOM DU LIEU", "ADRESSE", "DEPARTEMENT", "TYPOLOGIE", "URL"])
    for number in range(count):
        _code, commune, postcodes, department, _department_id, _id = pool[number % len(pool)]
        if number % 10 == 0:
            name = f"{name_for(number)} - tiers-lieu"  # already on the site, named otherwise
        else:
            name = f"Nouveau lieu {number} {PLACES[number % len(PLACES)]}"
        writer.writerow(
            [
                f"R{number}",
                name,
                f"{number % 90 + 1} rue de la République, {postcodes.split()[0]} {commune}",
                department,
                "TF"[number % 2],
                f"lieu-{number}.example.org",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def measure(count):
    from places.imports import report as outcomes
    from places.imports.service import run

    pool = communes(max(count // 4, 1000))
    populate(count, pool)
    data = regional_file(count, pool)

    # Memory on the dry run (it plans the whole file, as the import does): tracemalloc slows
    # Python down several times, so the timings below are taken without it.
    tracemalloc.start()
    preview = run(data, "banc.csv", mapping_data=MAPPING, dry_run=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    started = time.perf_counter()
    run(data, "banc.csv", mapping_data=MAPPING, dry_run=True)
    dry_run = time.perf_counter() - started

    started = time.perf_counter()
    report = run(data, "banc.csv", mapping_data=MAPPING)
    applied = time.perf_counter() - started
    if not report.applied:
        raise SystemExit(report.file_errors or [row.reasons for row in report.rejected[:3]])

    started = time.perf_counter()
    again = run(data, "banc.csv", mapping_data=MAPPING)
    second = time.perf_counter() - started
    # The next size starts again from the site's own places only.
    from places.models import Dataset, Place, Provenance

    Place.objects.filter(provenances__dataset__slug=MAPPING["dataset"]["slug"]).delete()
    Provenance.objects.all().delete()
    Dataset.objects.all().delete()
    return {
        "dry run (s)": f"{dry_run:.1f}",
        "import (s)": f"{applied:.1f}",
        "second import (s)": f"{second:.1f}",
        "peak (MiB)": f"{peak / 2**20:.0f}",
        "per row (KiB)": f"{peak / count / 1024:.1f}",
        "held as duplicates": preview.counts[outcomes.DUPLICATE],
        "created": report.counts[outcomes.CREATE],
        "unchanged 2nd": again.counts[outcomes.UNCHANGED],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--database-url")
    arguments = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        setup(folder, arguments.database_url)
        for size in sorted(arguments.sizes):
            results.append((size, measure(size)))
    header = ["rows × places", *results[0][1]]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size, values in results:
        print(f"| {size:,} | ".replace(",", " ") + " | ".join(map(str, values.values())) + " |")


if __name__ == "__main__":
    main()
