"""The export machinery with nested related records, as programmes (lines) and visits (stops)
will use it: checked here on places and their photos."""

import csv
import datetime
import io
import json
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from exports.cells import CSV_FORMATTERS, Kind, neutralise
from exports.columns import Column, ExportContext, Related, records
from exports.responses import export_response
from exports.specs import ExportSpec
from places.models import Department, Place, PlaceKind, PlacePhoto
from tests import factories

pytestmark = pytest.mark.django_db

SPEC = ExportSpec(
    columns=[
        Column("nom", "Nom.", "name"),
        Column("latitude", "Latitude.", "latitude", Kind.DECIMAL),
        Related(
            "photos",
            "Photos : légende et ordre.",
            lambda: PlacePhoto.objects.all(),
            "place_id",
            ("caption", "order"),
            order_by=("order",),
            combine=records("legende", "ordre"),
            item_kinds={"ordre": Kind.INTEGER},
        ),
    ]
)


def body(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_nested_records_are_flattened_in_csv_and_nested_in_json():
    place = factories.place(name="Le WIP", latitude=Decimal("49.19"), longitude=Decimal("-0.3"))
    factories.place_photo(place, caption="=Façade", order=2)
    factories.place_photo(place, caption="Atelier", order=1)
    queryset = Place.objects.all()

    response = SPEC.response(queryset, "csv", context=ExportContext(), filename="lieux")
    (row,) = csv.DictReader(io.StringIO(body(response), newline=""), delimiter=";")
    assert row == {"nom": "Le WIP", "latitude": "49,1900000", "photos": "Atelier : 1 | =Façade : 2"}

    response = SPEC.response(queryset, "json", context=ExportContext(), filename="lieux")
    assert json.loads(body(response)) == [
        {
            "nom": "Le WIP",
            "latitude": 49.19,
            "photos": [{"legende": "Atelier", "ordre": 1}, {"legende": "=Façade", "ordre": 2}],
        }
    ]


def test_a_spec_without_coordinates_has_no_geojson():
    with pytest.raises(ValueError, match="pas de GeoJSON"):
        SPEC.response(Place.objects.all(), "geojson", context=ExportContext(), filename="x")


def test_empty_exports_are_valid_files():
    response = SPEC.response(Place.objects.none(), "json", context=ExportContext(), filename="x")
    assert json.loads(body(response)) == []
    response = SPEC.response(Place.objects.none(), "csv", context=ExportContext(), filename="x")
    assert body(response) == "nom;latitude;photos\r\n"


PHOTO_SPEC = ExportSpec(
    columns=[
        Column("legende", "Légende.", "caption"),
        Column("prise_de_vue", "Date de prise de vue.", "taken_on", Kind.DATE),
        Column("ordre", "Ordre.", "order", Kind.INTEGER),
        Column("decorative", "Décorative.", "is_decorative", Kind.BOOLEAN),
        Column("latitude", "Latitude du lieu.", "place__latitude", Kind.DECIMAL),
        Column("publie_le", "Publication du lieu.", "place__published_at", Kind.DATETIME),
        Column(
            "lieu",
            "Nom du lieu et ordre.",
            fields=("place__name", "order"),
            bind=lambda context: lambda name, order: f"{name} n° {order}",
        ),
        # A bound function receives Python values (an aware datetime here) on every database.
        Column(
            "jour",
            "Jour de publication du lieu.",
            fields=("place__published_at",),
            bind=lambda context: lambda moment: moment and timezone.localdate(moment),
            kind=Kind.DATE,
        ),
    ]
)

PLACE_PHOTOS_SPEC = ExportSpec(
    columns=[
        Column("nom", "Nom.", "name"),
        Related(
            "photos",
            "Photos : date, ordre et latitude du lieu.",
            lambda: PlacePhoto.objects.all(),
            "place_id",
            ("taken_on", "order", "place__latitude"),
            order_by=("order",),
            combine=records("date", "ordre", "latitude"),
            item_kinds={"date": Kind.DATE, "ordre": Kind.INTEGER, "latitude": Kind.DECIMAL},
        ),
    ]
)


def test_csv_bytes_of_every_kind_are_pinned():
    wip = factories.place(
        name="Le WIP",
        latitude=Decimal("49.1000000"),
        longitude=Decimal("-0.3000000"),
        # Already 2022 in Paris.
        published_at=datetime.datetime(2021, 12, 31, 23, 0, tzinfo=datetime.timezone.utc),
    )
    draft = factories.draft_place(name="Brouillon")
    factories.place_photo(wip, caption="-Façade", taken_on=datetime.date(2021, 8, 1), order=2)
    factories.place_photo(wip, caption="Atelier", taken_on=None, order=1, is_decorative=True)
    factories.place_photo(draft, caption="", taken_on=datetime.date(999, 1, 2), order=3)

    response = PHOTO_SPEC.response(
        PlacePhoto.objects.order_by("order"), "csv", context=ExportContext(), filename="photos"
    )
    assert (
        b"".join(response.streaming_content)
        == (
            "\ufefflegende;prise_de_vue;ordre;decorative;latitude;publie_le;lieu;jour\r\n"
            "Atelier;;1;oui;49,1000000;01/01/2022 00:00;Le WIP n° 1;01/01/2022\r\n"
            "'-Façade;01/08/2021;2;non;49,1000000;01/01/2022 00:00;Le WIP n° 2;01/01/2022\r\n"
            ";02/01/0999;3;non;;;Brouillon n° 3;\r\n"
        ).encode()
    )

    response = PLACE_PHOTOS_SPEC.response(
        Place.objects.order_by("name"), "csv", context=ExportContext(), filename="lieux"
    )
    assert (
        b"".join(response.streaming_content)
        == (
            "\ufeffnom;photos\r\n"
            "Brouillon;02/01/0999 : 3 : \r\n"
            "Le WIP; : 1 : 49,1000000 | 01/08/2021 : 2 : 49,1000000\r\n"
        ).encode()
    )


TRICKY_TEXTS = [
    "",
    "a;b",
    'dit "oui"',
    "ligne\nsuivante",
    "retour\rchariot",
    "fin\r\n",
    " espace ",
    "tab\tulation",
    "é ü 😀",
    "'=1",
    "=1",
    ";",
    '"',
    "\n",
]


@pytest.mark.parametrize("width", [1, 3])
def test_csv_fields_are_quoted_as_csv_writer_quotes_them(width):
    for number, text in enumerate(TRICKY_TEXTS):
        place = factories.place(surface_m2=number + 1)
        # Not through save(): the name is required and validated.
        Place.objects.filter(pk=place.pk).update(name=text, summary=text[::-1])
    columns = [
        Column("nom", "Nom.", "name"),
        Column("resume", "Résumé.", "summary"),
        Column("surface", "Surface.", "surface_m2", Kind.INTEGER),
    ][:width]
    queryset = Place.objects.order_by("pk")

    expected = io.StringIO()
    writer = csv.writer(expected, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.key for column in columns])
    for row in queryset.values_list(*[column.field for column in columns]):
        writer.writerow([neutralise(value) if isinstance(value, str) else value for value in row])
    response = ExportSpec(columns=columns).response(
        queryset, "csv", context=ExportContext(), filename="lieux"
    )
    assert body(response) == expected.getvalue()


@pytest.mark.parametrize("site_zone", ["Europe/Paris", "America/St_Johns", "Asia/Kolkata"])
@pytest.mark.parametrize("database_zone", ["UTC", "America/New_York"])
def test_csv_local_times_are_those_of_a_plain_conversion(site_zone, database_zone):
    """The CSV writer finds local times by arithmetic, day by day: compare it with a plain
    conversion, every 7 minutes across clock changes (both zones), midnights, New Year and
    before 1973."""
    from exports.cells import datetime_cell
    from exports.csv_cells import LocalMinutes

    site, database = zoneinfo.ZoneInfo(site_zone), zoneinfo.ZoneInfo(database_zone)
    starts = [
        datetime.datetime(2025, 3, 8),  # New York springs forward on the 9th
        datetime.datetime(2025, 3, 29),  # Paris on the 30th
        datetime.datetime(2025, 10, 25),  # and falls back on the 26th
        datetime.datetime(2025, 11, 1),  # New York and St John's on 2 November
        datetime.datetime(2024, 12, 30, 20),
        datetime.datetime(1911, 3, 9),  # Paris leaves its mean time, 9 min 21 s ahead
    ]
    naive = [
        start + datetime.timedelta(minutes=7 * number, seconds=number % 60, microseconds=number)
        for start in starts
        for number in range(1000)
    ]
    aware = [value.replace(tzinfo=database) for value in naive]
    expected = [datetime_cell(value, site) for value in aware]

    # SQLite: naive datetimes on the database's clock; PostgreSQL: aware ones.
    assert LocalMinutes(site).column(naive, database) == expected
    assert LocalMinutes(site).column(aware, database) == expected


# Latitudes as SQLite may hold them, as floats: the nearest to a 7-place number, ties at the
# 8th place on either side once rounded to 15 digits, more places than the field, whole numbers.
STORED_LATITUDES = [
    49.1923892,
    45.12345665,
    45.12345675,
    48.99999995,
    45.000000049999,
    45.00000001,
    46,
    43.3,
]


def test_csv_decimals_are_the_orms_however_they_were_stored():
    from django.db import connection

    places = [factories.place(surface_m2=number + 1) for number in range(len(STORED_LATITUDES))]
    table = connection.ops.quote_name(Place._meta.db_table)
    with connection.cursor() as cursor:
        for place, latitude in zip(places, STORED_LATITUDES, strict=True):
            # Not through the ORM, which would round the value to the field's places first.
            cursor.execute(
                f"UPDATE {table} SET latitude = %s, longitude = 2 WHERE id = %s",  # noqa: S608
                [latitude, place.pk],
            )
    queryset = Place.objects.order_by("surface_m2")
    spec = ExportSpec(columns=[Column("latitude", "Latitude.", "latitude", Kind.DECIMAL)])
    response = spec.response(queryset, "csv", context=ExportContext(), filename="lieux")
    latitudes = queryset.values_list("latitude", flat=True)
    expected = ["latitude", *[CSV_FORMATTERS[Kind.DECIMAL](value) for value in latitudes]]
    assert body(response).split("\r\n")[:-1] == expected


def test_csv_keeps_distinct_and_ordering_on_related_fields():
    coworking, fablab = PlaceKind.objects.filter(slug__in=["coworking", "fablab"])
    paris, calvados = Department.objects.get(code="75"), Department.objects.get(code="14")
    moment = datetime.datetime(2024, 6, 1, 10, 0, tzinfo=datetime.timezone.utc)
    places = [("B", paris, "48.8566"), ("A", calvados, "49.19"), ("C", paris, "48.8566")]
    for name, department, latitude in places:
        factories.place(
            name=name,
            department=department,
            latitude=Decimal(latitude),
            longitude=Decimal("2.3522" if department == paris else "-0.3"),
            published_at=moment,
            kinds=[coworking, fablab],
        )
    # Two kinds each: without DISTINCT every place would come twice.
    queryset = (
        Place.objects.filter(kinds__in=[coworking, fablab])
        .distinct()
        .order_by("department__name", "-name")
    )
    spec = ExportSpec(
        columns=[
            Column("nom", "Nom.", "name"),
            Column("latitude", "Latitude.", "latitude", Kind.DECIMAL),
            Column("publie_le", "Publication.", "published_at", Kind.DATETIME),
            Column("approximative", "Année.", "year_opened_is_approximate", Kind.BOOLEAN),
        ]
    )
    response = spec.response(queryset, "csv", context=ExportContext(), filename="lieux")
    assert body(response) == (
        "nom;latitude;publie_le;approximative\r\n"
        "A;49,1900000;01/06/2024 12:00;non\r\n"
        "C;48,8566000;01/06/2024 12:00;non\r\n"
        "B;48,8566000;01/06/2024 12:00;non\r\n"
    )


def test_a_related_list_over_no_rows_gives_empty_cells():
    factories.place(name="Le WIP")
    spec = ExportSpec(
        columns=[
            Column("nom", "Nom.", "name"),
            Related(
                "photos", "Photos.", lambda: PlacePhoto.objects.none(), "place_id", ("caption",)
            ),
        ]
    )
    response = spec.response(Place.objects.all(), "csv", context=ExportContext(), filename="x")
    assert body(response) == "nom;photos\r\nLe WIP;\r\n"


def test_a_plain_view_streams_a_download():
    factories.place(name="Le WIP", latitude=Decimal("49.19"), longitude=Decimal("-0.3"))
    response = export_response(
        SPEC_WITH_COORDINATES,
        Place.objects.all(),
        "geojson",
        context=ExportContext("https://tiers-lieux.example.org"),
        filename="lieux-été",
    )
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''lieux-%C3%A9t%C3%A9.geojson"
    )
    (feature,) = json.loads(body(response))["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.3, 49.19]}
    with pytest.raises(ValueError, match="inconnu"):
        export_response(SPEC, Place.objects.all(), "pdf", context=ExportContext(), filename="x")


SPEC_WITH_COORDINATES = ExportSpec(
    columns=[
        Column("nom", "Nom.", "name"),
        Column("latitude", "Latitude.", "latitude", Kind.DECIMAL),
        Column("longitude", "Longitude.", "longitude", Kind.DECIMAL),
    ],
    geometry=("latitude", "longitude"),
)
