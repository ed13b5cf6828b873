"""The map's data: the published places a list filter selects, as compact cached GeoJSON.

Up to `settings.MAP_PLACES_AT_ONCE` places, the map loads them all at once (`geojson`). Above,
it starts from one point per department (`overview`) and loads a department's places (the same
`geojson`, filtered by that department) when the view reaches it: what a visitor downloads then
grows with what the view shows, not with the whole country. A department with more than
`settings.MAP_PLACES_PER_ZONE` places comes as zones (places.map_zones), and each zone the same
way, so that no answer grows with the places.

Each place is a point (longitude, latitude rounded to 5 decimals, about a metre) with
one-letter properties, since the map's script (static/js/map.js) is their only reader and a
census has some 1,300 of them:

- `n`: the place's name;
- `k`: the names of its kinds, in the kinds' order;
- `c`: its commune's name ("" when unknown);
- `u`: its page, as a relative URL.

Each department of the overview is a point, the mean of its places' coordinates, with:

- `d`: its code, the value of the list's `departement` filter;
- `n`: its name, « Calvados (14) »;
- `t`: how many of the places are on the map there;
- `b`: a box [west, south, east, north] around them: theirs with filters; without, that of the
  department's territory (places.geography), read from no place at all.

The serialised bytes are a fragment of the page cache (pagecache.fragments), kept under the
normalised query and the content version: any committed change to content replaces that version,
so an edit never leaves a stale map, and no entry outlives the next scheduled publication.
"""

import collections
import gzip
import hashlib
import json

import django_filters
from django.conf import settings
from django.db.models import Avg, Count, Max, Min, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from content.search import normalize
from pagecache.fragments import fragment
from places import geography, map_zones, tally
from places.filters import PlaceFilter
from places.models import Department, Place


class ZoneFilter(django_filters.Filter):
    """`?zone=west,south,east,north`: the places of one of the map's zones (places.map_zones)."""

    field_class = map_zones.ZoneField

    def filter(self, qs, value):
        return qs if value is None else qs.filter(map_zones.zone_q(value))


class MapPlaceFilter(PlaceFilter):
    """The list's filters without its sort order: the map shows the same places in any order."""

    tri = None


class MapDataFilter(MapPlaceFilter):
    """The map page's filters, and the zones its script asks for (never in the page's form)."""

    zone = ZoneFilter(label=_("zone"))


FILTER_NAMES = tuple(MapPlaceFilter.base_filters)
DATA_FILTER_NAMES = tuple(MapDataFilter.base_filters)

COORDINATE_DECIMALS = 5


def normalised_query(query_dict, names=FILTER_NAMES):
    """The filters of a query, and only them: in a fixed order, empty ones left out, the last
    value of a repeated one (as the filter form reads it). `?page=3&tri=nom&type=` and `?` give
    the same map, hence the same cache entry and URL."""
    normalised = QueryDict(mutable=True)
    for name in sorted(names):
        value = query_dict.get(name, "")
        if value != "":
            normalised[name] = value
    normalised._mutable = False
    return normalised


def place_filter(query_dict):
    """The list's filter, bound to the query's filters (unbound when there are none)."""
    data = normalised_query(query_dict)
    return MapPlaceFilter(data or None, queryset=Place.objects.published().order_by("name", "id"))


def data_filter(query_dict):
    """The same for the map's data, with its zone."""
    data = normalised_query(query_dict, DATA_FILTER_NAMES)
    return MapDataFilter(data or None, queryset=Place.objects.published().order_by("name", "id"))


def summary(queryset):
    """How many of the places are on the map and how many lack coordinates (one query).
    Latitude stands for both coordinates: a constraint keeps them together."""
    return queryset.order_by().aggregate(
        mapped=Count("pk", distinct=True, filter=Q(latitude__isnull=False)),
        unmapped=Count("pk", distinct=True, filter=Q(latitude__isnull=True)),
    )


def regions(queryset):
    """The places on the map by region, as the map's text alternative (one query)."""
    rows = (
        queryset.filter(latitude__isnull=False)
        .order_by()
        .values("department__region__code", "department__region__name")
        .annotate(count=Count("pk", distinct=True))
    )
    return _by_name(
        {
            "code": row["department__region__code"],
            "name": row["department__region__name"],
            "count": row["count"],
        }
        for row in rows
    )


def _by_name(regions):
    # Accents ignored, so that Île-de-France comes among the I, not after Provence.
    return sorted(regions, key=lambda region: normalize(region["name"]))


def tallied_summary():
    """`summary` and `regions` of the public places, with the places of the map per
    department, from the tally: two queries whatever the number of places."""
    departments = tally.mapped_per_department()
    mapped = _mapped_total(departments)
    counts = {"mapped": mapped, "unmapped": tally.public_counts()[0] - mapped}
    per_region = collections.Counter()
    for (_code, _name, *region), (count, _latitudes, _longitudes) in departments.items():
        per_region[tuple(region)] += count
    regions = _by_name(
        {"code": code, "name": name, "count": count} for (code, name), count in per_region.items()
    )
    return counts, regions, [code for code, *_names in departments]


# What `geojson` gives instead of the places when more than settings.MAP_PLACES_AT_ONCE of
# them are asked for at once, without a department.
TOO_MANY = "too-many"


def geojson(filterset):
    """(digest, bytes, gzipped bytes) of the map of the filter's places, from the cache when it
    has them; None when the filters are invalid; TOO_MANY above settings.MAP_PLACES_AT_ONCE
    places outside one department or zone: the map then asks for them by department, and a
    crawler cannot make a worker build every place of the country. For one department or
    zone, above settings.MAP_PLACES_PER_ZONE places, their zones (places.map_zones)."""

    def build(queryset):
        cleaned = getattr(filterset.form, "cleaned_data", {})
        if cleaned.get("departement") or cleaned.get("zone"):
            # Bounded whatever the department's size: its places, or its zones.
            return map_zones.split(queryset) or build_geojson(queryset)
        if mapped_count(filterset, queryset) > settings.MAP_PLACES_AT_ONCE:
            return TOO_MANY
        return build_geojson(queryset)

    return _cached("map", filterset, build)


def mapped_count(filterset, queryset):
    """How many of the filter's places are on the map, counted as the map page counts them
    (which then asks for the overview): one query, from the tally without filters."""
    if not filterset.is_bound:
        return _mapped_total(tally.mapped_per_department())
    return summary(queryset)["mapped"]


def _mapped_total(departments):
    """The places on the map of `tally.mapped_per_department()`."""
    return sum(count for count, _latitudes, _longitudes in departments.values())


def overview(filterset):
    """(digest, bytes, gzipped bytes) of the filter's places counted per department, from the
    cache when it has them; None when the filters are invalid. Without filters, from the
    tally of the public places (places.tally): the same whatever their number."""
    build = build_overview if filterset.is_bound else lambda queryset: build_tallied_overview()
    return _cached("map-overview", filterset, build)


def _cached(name, filterset, build_body):
    """The cache is read first: a hit costs no query at all, and invalid filters never reach
    it. Compressed once here, a sixth of the size, since nothing else compresses responses made
    by Django."""
    query = filterset.data.urlencode() if filterset.is_bound else ""

    def build():
        if filterset.is_bound and not filterset.is_valid():
            return None
        body = build_body(filterset.qs)
        if body == TOO_MANY:
            return body
        return (hashlib.sha256(body).hexdigest()[:32], body, gzip.compress(body, mtime=0))

    return fragment(name, [query], build)


def build_overview(queryset):
    """The FeatureCollection of the departments where some places are on the map, in one
    query."""
    rows = (
        queryset.filter(latitude__isnull=False)
        .order_by()
        .values("department__code", "department__name")
        .annotate(
            count=Count("pk", distinct=True),
            mean_latitude=Avg("latitude"),
            mean_longitude=Avg("longitude"),
            south=Min("latitude"),
            north=Max("latitude"),
            west=Min("longitude"),
            east=Max("longitude"),
        )
    )
    return _overview_body(
        (
            row["department__code"],
            row["department__name"],
            row["count"],
            (row["mean_longitude"], row["mean_latitude"]),
            [row[side] for side in ("west", "south", "east", "north")],
        )
        for row in rows
    )


def build_tallied_overview():
    """The same for the public places, from the tally (one query): each department's box is
    its territory's approximate box (places.geography), where its places are expected."""
    departments = []
    for department, (count, latitudes, longitudes) in tally.mapped_per_department().items():
        code, name = department[:2]
        point = (longitudes / count, latitudes / count)
        box = geography.department_box(code)
        sides = [box.west, box.south, box.east, box.north] if box else [*point, *point]
        departments.append((code, name, count, point, sides))
    return _overview_body(departments)


def _overview_body(departments):
    def rounded(value):
        return round(float(value), COORDINATE_DECIMALS)

    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [rounded(value) for value in point]},
            "properties": {
                "d": code,
                "n": Department.label(name, code),
                "t": count,
                "b": [rounded(side) for side in box],
            },
        }
        for code, name, count, point, box in sorted(departments)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def build_geojson(queryset):
    """The FeatureCollection of the places with coordinates, in one query: the kinds' names
    come from each place's own copy (`kind_labels`). Written feature by feature from rows read
    in chunks: at 100 000 places neither every row nor a tree of dicts is held at once, which
    kept a worker's memory high long after the answer."""
    rows = queryset.filter(latitude__isnull=False).values_list(
        "name", "slug", "commune_name", "latitude", "longitude", "kind_labels"
    )
    text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    # One reverse() for all the rows: "/lieux/-/" split around its slug.
    url_head, url_tail = reverse("places:detail", kwargs={"slug": "-"}).rsplit("-", 1)
    # One growing buffer rather than a list of parts: a hundred thousand small objects left
    # the worker's memory fragmented, hence large, after they were freed.
    body = bytearray(b'{"type":"FeatureCollection","features":[')
    separator = ""
    for name, slug, commune_name, latitude, longitude, kind_labels in rows.iterator(
        chunk_size=2000
    ):
        longitude = round(float(longitude), COORDINATE_DECIMALS)
        latitude = round(float(latitude), COORDINATE_DECIMALS)
        kinds = text([kind["name"] for kind in kind_labels])
        url = text(f"{url_head}{slug}{url_tail}")
        body += (
            f'{separator}{{"type":"Feature","geometry":{{"type":"Point","coordinates":'
            f'[{longitude!r},{latitude!r}]}},"properties":{{"n":{text(name)},"k":{kinds},'
            f'"c":{text(commune_name)},"u":{url}}}}}'.encode()
        )
        separator = ","
    body += b"]}"
    return bytes(body)
