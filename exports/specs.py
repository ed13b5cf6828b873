"""Exports that open right in French spreadsheets, never run a formula and stay flat in memory.

An `ExportSpec` is a list of columns over a queryset (`exports.columns`):

- `Column`: one value per row, read with `values_list` (so the changelist's filters, search,
  `distinct()` and ordering are kept) and optionally computed from several fields;
- `Related`: the list of related values of each row (a place's kinds, a programme's lines),
  fetched with one query per chunk of rows, never one per row.

Each format renders the same values its own way (`exports.responses` picks the writer): CSV for
French Excel and LibreOffice (UTF-8 with BOM, `;`, decimal comma, `JJ/MM/AAAA`), XLSX with
typed cells (openpyxl's write-only mode), JSON, and GeoJSON when the spec has coordinates.
XLSX, JSON and GeoJSON read the Python values of `ExportSpec.chunks()`; CSV, which must keep
up with a bare `csv.writer` loop, formats whole columns at a time (`exports.csv_writer`). CSV,
JSON and GeoJSON stream in chunks of rows; XLSX is written to a temporary file, then streamed.
Text cells of CSV and XLSX are neutralised (OWASP "CSV injection", `cells.neutralise()`).
"""

from dataclasses import dataclass
from itertools import islice

from exports import columns as exports_columns
from exports.columns import Column, Related
from exports.responses import export_response


@dataclass
class ExportSpec:
    """The stable columns of one model's export; README documents each of them."""

    columns: list
    # Keys of the latitude and longitude columns, for GeoJSON; None when the model has none.
    geometry: tuple | None = None
    # Keys of the columns kept as GeoJSON properties (the main fields); empty means all.
    geojson_properties: tuple = ()

    @property
    def keys(self):
        return [column.key for column in self.columns]

    def kinds(self):
        return [column.kind for column in self.columns]

    def paths(self):
        """The ORM paths read for each row, primary key first."""
        paths = ["pk"]
        for column in self.columns:
            if isinstance(column, Column):
                paths.extend(path for path in column.paths if path not in paths)
        return paths

    def without(self, *keys):
        """The same export less some columns: the public downloads drop the staff's."""
        return ExportSpec(
            columns=[column for column in self.columns if column.key not in keys],
            geometry=self.geometry,
            geojson_properties=tuple(key for key in self.geojson_properties if key not in keys),
        )

    def rows_queryset(self, queryset):
        return queryset.values_list(*self.paths())

    def chunks(self, queryset, context):
        """Lists of rows, each row a list of Python values in column order."""
        paths = self.paths()
        index = {path: position for position, path in enumerate(paths)}
        related = [column for column in self.columns if isinstance(column, Related)]
        fetched = {}
        getters = []
        for column in self.columns:
            if isinstance(column, Related):
                getters.append(_related_getter(fetched, column.key))
            elif column.bind:
                getters.append(_computed_getter(column.bind(context), column.fields, index))
            else:
                getters.append(_plain_getter(index[column.field]))

        size = exports_columns.CHUNK_SIZE
        rows = self.rows_queryset(queryset).iterator(chunk_size=size)
        while chunk := list(islice(rows, size)):
            pks = [row[0] for row in chunk]
            for column in related:
                fetched[column.key] = column.fetch(pks)
            yield [[getter(row) for getter in getters] for row in chunk]

    def response(self, queryset, export_format, *, context, filename):
        """The download of `queryset` in `export_format`, as `filename.<format>`."""
        return export_response(self, queryset, export_format, context=context, filename=filename)


def _plain_getter(position):
    return lambda row: row[position]


def _computed_getter(function, fields, index):
    positions = [index[path] for path in fields]
    if len(positions) == 1:
        (position,) = positions
        return lambda row: function(row[position])
    return lambda row: function(*[row[position] for position in positions])


def _related_getter(fetched, key):
    return lambda row: fetched[key].get(row[0], [])
