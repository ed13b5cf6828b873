"""What must agree in a French address: coordinates, postcode, commune code and department.

The bounding boxes are generous rectangles around each territory: they catch swapped
latitude/longitude, coordinates left at 0 and a point in the wrong ocean, not a point a few
kilometres over a border.

Each department also has an approximate box, `data/department_boxes.csv`: no department
contours can be had offline, so the box is the extent of the department's towns known to
GeoNames (and of the geocoded 2019 census rows) widened by a margin, see
`manage.py build_department_boxes`. It catches a point in the wrong department, far away;
near a border, two or three boxes overlap and the point is accepted in each.
"""

import csv
import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Territory:
    where: str
    south: Decimal
    north: Decimal
    west: Decimal
    east: Decimal

    def contains(self, latitude, longitude):
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    def as_q(self, latitude="latitude", longitude="longitude"):
        return Q(
            **{
                f"{latitude}__gte": self.south,
                f"{latitude}__lte": self.north,
                f"{longitude}__gte": self.west,
                f"{longitude}__lte": self.east,
            }
        )


D = Decimal
METROPOLE = Territory("en France métropolitaine", D("41.3"), D("51.2"), D("-5.3"), D("9.6"))
CORSE = Territory("en Corse", D("41.3"), D("43.1"), D("8.5"), D("9.6"))
OVERSEAS = {
    "971": Territory("en Guadeloupe", D("15.8"), D("16.6"), D("-61.9"), D("-60.9")),
    "972": Territory("en Martinique", D("14.3"), D("14.95"), D("-61.3"), D("-60.75")),
    "973": Territory("en Guyane", D("2.1"), D("5.85"), D("-54.65"), D("-51.55")),
    "974": Territory("à La Réunion", D("-21.45"), D("-20.8"), D("55.15"), D("55.9")),
    "976": Territory("à Mayotte", D("-13.1"), D("-12.55"), D("44.9"), D("45.35")),
}
TERRITORIES = [METROPOLE, *OVERSEAS.values()]


def territory_of_department(department_code):
    if department_code in OVERSEAS:
        return OVERSEAS[department_code]
    if department_code in {"2A", "2B"}:
        return CORSE
    return METROPOLE


DEPARTMENT_BOXES_FILE = Path(settings.BASE_DIR) / "data" / "department_boxes.csv"
BOX_COLUMNS = ("code", "south", "north", "west", "east", "points")


@functools.cache
def department_boxes():
    """{department code: Territory}, read once per process from the file shipped with the
    code (it only changes with a release); empty when the file is missing."""
    try:
        with DEPARTMENT_BOXES_FILE.open(encoding="utf-8", newline="") as source:
            rows = list(csv.DictReader(source))
    except FileNotFoundError:
        return {}
    return {
        row["code"]: Territory(
            _("près du département %(code)s") % {"code": row["code"]},
            *(Decimal(row[side]) for side in ("south", "north", "west", "east")),
        )
        for row in rows
    }


def department_box(department_code):
    return department_boxes().get(department_code)


def in_department(department_code, latitude, longitude):
    """The point lies in the department's territory and, when known, its approximate box."""
    if not territory_of_department(department_code).contains(latitude, longitude):
        return False
    box = department_box(department_code)
    return box is None or box.contains(latitude, longitude)


def departments_at(latitude, longitude):
    """The departments whose approximate box holds the point (two or three near a border)."""
    if latitude is None or longitude is None:
        return set()
    latitude, longitude = Decimal(str(latitude)), Decimal(str(longitude))
    return {code for code in department_boxes() if in_department(code, latitude, longitude)}


def coordinates_in_france_q(latitude="latitude", longitude="longitude"):
    """For a CheckConstraint: the point lies in France or an overseas department, or is unset."""
    condition = Q(**{f"{latitude}__isnull": True})
    for territory in TERRITORIES:
        condition |= territory.as_q(latitude, longitude)
    return condition


def department_of_commune_code(insee_code):
    """INSEE commune codes start with their department: `14167` → `14`, `97411` → `974`."""
    code = (insee_code or "").upper()
    if code.startswith("97"):
        return code[:3]
    return code[:2]


def departments_of_postcode(postcode):
    """Departments a postcode may belong to, or None when a postcode says nothing useful.

    Postcodes follow departments except in Corsica (20xxx for 2A and 2B) and overseas (97x);
    a few communes near a border carry a neighbour's postcode, so metropolitan mismatches
    are only checked against the big blocs (mainland, Corsica, each overseas department).
    """
    if not postcode or len(postcode) != 5 or not postcode.isdigit():
        return None
    if postcode.startswith("20"):
        return {"2A", "2B"}
    if postcode.startswith("97"):
        return {postcode[:3]}
    return None


def postcode_fits_department(postcode, department_code):
    expected = departments_of_postcode(postcode)
    if expected is not None:
        return department_code in expected
    # A mainland postcode cannot belong to Corsica or an overseas department.
    return department_code not in OVERSEAS and department_code not in {"2A", "2B"}


def address_problems(
    *, department_code, postcode="", commune_code="", latitude=None, longitude=None
):
    """French sentences saying what disagrees; an empty list when everything fits."""
    problems = []
    if commune_code and department_of_commune_code(commune_code) != department_code:
        problems.append(
            _("Le code commune %(commune)s n'appartient pas au département %(department)s.")
            % {"commune": commune_code, "department": department_code}
        )
    if postcode and not postcode_fits_department(postcode, department_code):
        problems.append(
            _("Le code postal %(postcode)s ne correspond pas au département %(department)s.")
            % {"postcode": postcode, "department": department_code}
        )
    if latitude is not None and longitude is not None:
        territory = territory_of_department(department_code)
        if not territory.contains(latitude, longitude):
            problems.append(
                _("Les coordonnées (%(lat)s, %(lon)s) ne sont pas %(where)s.")
                % {"lat": latitude, "lon": longitude, "where": territory.where}
            )
        elif not in_department(department_code, latitude, longitude):
            problems.append(
                _(
                    "Les coordonnées (%(lat)s, %(lon)s) sont loin du département "
                    "%(department)s : vérifiez-les, ou le département."
                )
                % {"lat": latitude, "lon": longitude, "department": department_code}
            )
    return problems
