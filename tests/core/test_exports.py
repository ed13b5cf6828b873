"""The export machinery with nested related records, as programmes (lines) and visits (stops)
will use it: checked here on places and their photos."""

import csv
import io
import json
from decimal import Decimal

import pytest

from places.models import Place, PlacePhoto
from tests import factories
from tierslieux.exports import Column, ExportContext, ExportSpec, Kind, Related, records

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
