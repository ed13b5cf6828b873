"""Zones of the map: what the map loads of a department (or of a zone) holding too many places.

A department's places come to the map in one answer (places.maps.geojson) only up to
`settings.MAP_PLACES_PER_ZONE` of them. Above, the answer is the places' box cut into
`CUTS` × `CUTS` zones, those holding places only, each a point (the mean of its places) with:

- `z`: the zone, "west,south,east,north", as the `zone` filter takes it back: the map asks
  for a zone's places (or its zones) when its view comes close;
- `t`: how many of the places are on the map there;
- `b`: its box [west, south, east, north], as numbers.

What one answer holds is then bounded, however many places a department has: at most the limit
of places, or `CUTS` × `CUTS` zones. A zone takes its western and southern edges and leaves
its eastern and northern ones to its neighbours; the last zones reach a step past the places'
box, so that every place lies in exactly one zone. Places closer together than
`SMALLEST_SPREAD` are not cut any further: they come in one answer, however many.
"""

import json
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, Max, Min, Q, Value
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

CUTS = 4
# The coordinates' precision (Place.latitude, Place.longitude: 7 decimals).
STEP = Decimal("0.0000001")
# About fifty metres: the places of a building or a street are not cut into zones.
SMALLEST_SPREAD = Decimal("0.0005")

LATITUDES = (Decimal(-90), Decimal(90))
LONGITUDES = (Decimal(-180), Decimal(180))


class ZoneField(forms.CharField):
    """ "west,south,east,north" in decimal degrees: cleans to four Decimals, or a French error."""

    default_error_messages = {
        "invalid": _(
            "Indiquez la zone par quatre nombres « ouest,sud,est,nord » en degrés décimaux, "
            "l'ouest avant l'est et le sud avant le nord."
        ),
    }

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            sides = [Decimal(part.strip()) for part in value.split(",")]
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if len(sides) != 4 or not all(side.is_finite() for side in sides):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        west, south, east, north = sides
        if not (
            LONGITUDES[0] <= west < east <= LONGITUDES[1]
            and LATITUDES[0] <= south < north <= LATITUDES[1]
        ):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return (west, south, east, north)


def zone_q(zone):
    """The places of a zone: its western and southern edges in, its eastern and northern out."""
    west, south, east, north = zone
    return Q(longitude__gte=west, longitude__lt=east, latitude__gte=south, latitude__lt=north)


def zone_text(sides):
    return ",".join(_plain(side) for side in sides)


def _plain(value):
    # "-0.3074549", never "-3.074549E-1": as the zone filter reads it back.
    return f"{value.normalize():f}"


def split(queryset):
    """The FeatureCollection of the zones of the queryset's places on the map, as bytes, or
    None when they are few enough to come themselves (or too close together to be cut):
    one query, two when cut."""
    mapped = queryset.filter(latitude__isnull=False).order_by()
    spread = mapped.aggregate(
        count=Count("pk", distinct=True),
        west=Min("longitude"),
        south=Min("latitude"),
        east=Max("longitude"),
        north=Max("latitude"),
    )
    if spread["count"] <= settings.MAP_PLACES_PER_ZONE:
        return None
    longitudes = _edges(spread["west"], spread["east"])
    latitudes = _edges(spread["south"], spread["north"])
    if longitudes is None and latitudes is None:
        return None
    # A spread too small to cut stays whole on its axis.
    longitudes = longitudes or [spread["west"], spread["east"] + STEP]
    latitudes = latitudes or [spread["south"], spread["north"] + STEP]
    rows = (
        mapped.annotate(
            column=_position(mapped.model, "longitude", longitudes),
            row=_position(mapped.model, "latitude", latitudes),
        )
        .values("column", "row")
        .annotate(
            count=Count("pk", distinct=True),
            mean_latitude=Avg("latitude"),
            mean_longitude=Avg("longitude"),
        )
    )
    features = []
    for found in sorted(rows, key=lambda found: (found["column"], found["row"])):
        column, row = found["column"], found["row"]
        zone = (longitudes[column], latitudes[row], longitudes[column + 1], latitudes[row + 1])
        point = [found["mean_longitude"], found["mean_latitude"]]
        features.append(_feature(zone, found["count"], point))
    return _collection(features)


def _position(model, name, edges):
    """Which zone along an axis a place lies in: how many of the inner edges it reaches, the
    same comparisons as `zone_q`, so that a place counted in a zone is among its places.
    Written as SQL: Django's expressions for the three comparisons (a cast of each, and their
    sum) took longer to compile than the database took to run the query."""
    inner = edges[1:-1]
    if not inner:
        return Value(0)
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"
    # The edge cast as Django's lookups cast it on SQLite, so that both compare alike.
    sql = " + ".join([f"CAST({column} >= CAST(%s AS NUMERIC) AS integer)"] * len(inner))
    return RawSQL(sql, inner)  # noqa: S611 -- the model's own names, quoted; edges as parameters


def _edges(low, high):
    """`CUTS` + 1 edges from low to a step past high, or None when too close to be cut."""
    if high - low < SMALLEST_SPREAD:
        return None
    width = (high + STEP - low) / CUTS
    inner = [(low + width * cut).quantize(STEP, rounding=ROUND_FLOOR) for cut in range(1, CUTS)]
    return [low, *inner, high + STEP]


def _feature(zone, count, point):
    rounded = [round(float(value), 5) for value in point]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": rounded},
        "properties": {
            "z": zone_text(zone),
            "t": count,
            "b": [float(side) for side in zone],
        },
    }


def _collection(features):
    collection = {"type": "FeatureCollection", "zones": True, "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
