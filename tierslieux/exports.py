"""Exports that open right in French spreadsheets, never run a formula and stay flat in memory.

An `ExportSpec` is a list of columns over a queryset:

- `Column`: one value per row, read with `values_list` (so the changelist's filters, search,
  `distinct()` and ordering are kept) and optionally computed from several fields;
- `Related`: the list of related values of each row (a place's kinds, a programme's lines),
  fetched with one query per chunk of rows, never one per row.

Each format renders the same Python values its own way: CSV for French Excel and LibreOffice
(UTF-8 with BOM, `;`, decimal comma, `JJ/MM/AAAA`), XLSX with typed cells (openpyxl's write-only
mode), JSON, and GeoJSON when the spec has coordinates. CSV and JSON stream in chunks of rows;
XLSX is written to a temporary file, then streamed. Text cells of CSV and XLSX go through
`neutralise()` (OWASP "CSV injection").
"""

import csv
import datetime
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from tierslieux.models import ExportFormat

# Rows fetched and written per chunk: large enough that per-chunk costs vanish (the notes
# measured 1.03× a bare loop at 500 rows), small enough to keep memory flat. Related lists
# are fetched with one `IN (…)` query per chunk.
CHUNK_SIZE = 2000

# A spreadsheet treats a cell starting with one of these as a formula (or as the start of one).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text):
    """`=HYPERLINK(…)` → `'=HYPERLINK(…)`: shown as text, never evaluated."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def unneutralise(text):
    """The inverse, for re-importing our own exports."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


class Kind:
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class ExportContext:
    """What a column may need beyond the row: the site's address for absolute links."""

    base_url: str = ""

    @classmethod
    def from_request(cls, request):
        return cls(base_url=request.build_absolute_uri("/").rstrip("/"))

    def absolute(self, path):
        return f"{self.base_url}{path}"


@dataclass(frozen=True)
class Column:
    """One cell per row.

    `field` is an ORM path (`department__code`). With `fields` and `bind`, the value is
    computed: `bind(context)` returns a function taking those fields' values, built once per
    export so per-row work stays small.
    """

    key: str
    description: str
    field: str = ""
    kind: str = Kind.TEXT
    fields: tuple = ()
    bind: Callable | None = None

    @property
    def paths(self):
        return self.fields if self.bind else (self.field,)


@dataclass(frozen=True)
class Related:
    """The related values of each row, as a list.

    `queryset()` returns the rows to read (the through model for a many-to-many), `parent` is
    their field pointing at the exported row, `fields` what to read. With one field the list
    holds values; with several, `combine` turns each related row into one value (a string, or
    a dict for nested JSON, see `records`).
    """

    key: str
    description: str
    queryset: Callable
    parent: str
    fields: tuple
    order_by: tuple = ()
    combine: Callable | None = None
    kind: str = Kind.TEXT
    item_kinds: dict = field(default_factory=dict)

    def fetch(self, pks):
        queryset = self.queryset()
        opts = queryset.model._meta
        quote = connections[queryset.db].ops.quote_name
        column = f"{quote(opts.db_table)}.{quote(opts.get_field(self.parent).column)}"
        # `parent__in=pks` costs Django ~2 µs of preparation per id, which dominated large
        # exports; these ids are integers just read from the database, so they are inlined.
        ids = ",".join(str(int(pk)) for pk in pks)
        condition = RawSQL(f"{column} IN ({ids})", [], output_field=BooleanField())  # noqa: S611
        rows = (
            queryset.filter(condition)
            .order_by(*self.order_by)
            .values_list(self.parent, *self.fields)
        )
        found = {}
        if self.combine:
            for parent, *values in rows:
                found.setdefault(parent, []).append(self.combine(*values))
        else:
            for parent, value in rows:
                found.setdefault(parent, []).append(value)
        return found


def records(*keys):
    """`combine` for a `Related` whose items are small records: nested objects in JSON,
    `a : b` in spreadsheets."""
    return lambda *values: dict(zip(keys, values, strict=True))


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

        rows = self.rows_queryset(queryset).iterator(chunk_size=CHUNK_SIZE)
        for chunk in _chunked(rows, CHUNK_SIZE):
            pks = [row[0] for row in chunk]
            for column in related:
                fetched[column.key] = column.fetch(pks)
            yield [[getter(row) for getter in getters] for row in chunk]

    def response(self, queryset, export_format, *, context, filename):
        writer = WRITERS[export_format]
        return writer(self, queryset, context, f"{filename}.{export_format}")


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


def _chunked(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_filename(model):
    return f"{slugify(model._meta.verbose_name_plural)}-{timezone.localdate():%Y-%m-%d}"


# --- CSV -------------------------------------------------------------------------------------

LIST_SEPARATOR = " | "
RECORD_SEPARATOR = " : "


_FORMULA_CHARACTERS = frozenset(FORMULA_PREFIXES)


def _csv_text(value):
    # neutralise(), inlined: this runs for most cells of a large export.
    if not value:
        return ""
    if value[0] in _FORMULA_CHARACTERS:
        return "'" + value
    return value


def _csv_integer(value):
    return "" if value is None else str(value)


def _csv_decimal(value):
    # No thousands separator: French spreadsheets read `1234,5` as a number, `1 234,5` as text.
    return "" if value is None else format(value, "f").replace(".", ",")


def _csv_date(value):
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def _csv_datetime(value, zone=None):
    if value is None:
        return ""
    value = value.astimezone(zone or timezone.get_current_timezone())
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d} {value.hour:02d}:{value.minute:02d}"


def _csv_boolean(value):
    return "" if value is None else ("oui" if value else "non")


CSV_FORMATTERS = {
    Kind.TEXT: _csv_text,
    Kind.INTEGER: _csv_integer,
    Kind.DECIMAL: _csv_decimal,
    Kind.DATE: _csv_date,
    Kind.DATETIME: _csv_datetime,
    Kind.BOOLEAN: _csv_boolean,
}


def _flat(column):
    """Spreadsheet text for a related list: `Coworking | Fablab`, `Ligne : 30000000,00`."""
    item_kinds = column.item_kinds
    # Items are not neutralised one by one: only the start of the whole cell matters.
    plain = {**CSV_FORMATTERS, Kind.TEXT: lambda value: "" if value is None else str(value)}

    def render_item(item):
        if isinstance(item, dict):
            return RECORD_SEPARATOR.join(
                plain[item_kinds.get(key, Kind.TEXT)](value) for key, value in item.items()
            )
        return plain[column.kind](item)

    return lambda items: neutralise(LIST_SEPARATOR.join(render_item(item) for item in items))


def _spreadsheet_formatters(spec, formatters):
    return [
        _flat(column) if isinstance(column, Related) else formatters[column.kind]
        for column in spec.columns
    ]


class _Echo:
    """Django's documented pseudo-buffer: csv.writer writes, we collect what it returns."""

    def write(self, value):
        return value


def write_csv(spec, queryset, context, filename):
    zone = timezone.get_current_timezone()  # looked up once, not once per cell
    formatters = _spreadsheet_formatters(
        spec, {**CSV_FORMATTERS, Kind.DATETIME: lambda value: _csv_datetime(value, zone)}
    )
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def stream():
        yield "\ufeff" + writer.writerow(spec.keys)
        for chunk in spec.chunks(queryset, context):
            yield "".join(
                writer.writerow(
                    [format_(value) for format_, value in zip(formatters, row, strict=True)]
                )
                for row in chunk
            )

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- XLSX ------------------------------------------------------------------------------------


def write_xlsx(spec, queryset, context, filename):
    # Imported here: only the XLSX export needs openpyxl.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename.rsplit(".", 1)[0][:31])

    def text(value):
        if value is None:
            return None
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))

    def dated(value, number_format):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell

    def date(value):
        return None if value is None else dated(value, "DD/MM/YYYY")

    def moment(value):
        if value is None:
            return None
        # Excel has no time zones: write the local time the site shows.
        return dated(timezone.localtime(value).replace(tzinfo=None), "DD/MM/YYYY HH:MM")

    def boolean(value):
        return None if value is None else ("oui" if value else "non")

    cells = {
        Kind.TEXT: text,
        Kind.INTEGER: lambda value: value,
        Kind.DECIMAL: lambda value: value,
        Kind.DATE: date,
        Kind.DATETIME: moment,
        Kind.BOOLEAN: boolean,
    }
    formatters = [
        (lambda flat: lambda items: text(flat(items)))(_flat(column))
        if isinstance(column, Related)
        else cells[column.kind]
        for column in spec.columns
    ]
    sheet.append(spec.keys)
    for chunk in spec.chunks(queryset, context):
        for row in chunk:
            sheet.append([format_(value) for format_, value in zip(formatters, row, strict=True)])

    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- JSON and GeoJSON -----------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value


def _json_dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_objects(spec, queryset, context):
    keys = spec.keys
    for chunk in spec.chunks(queryset, context):
        yield [
            {key: _json_value(value) for key, value in zip(keys, row, strict=True)} for row in chunk
        ]


def _stream_array(opening, objects, closing):
    first = True
    yield opening
    for chunk in objects:
        if not chunk:
            continue
        text = ",\n".join(_json_dumps(item) for item in chunk)
        yield ("\n" if first else ",\n") + text
        first = False
    yield "\n" + closing + "\n"


def write_json(spec, queryset, context, filename):
    response = StreamingHttpResponse(
        _stream_array("[", _json_objects(spec, queryset, context), "]"),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_geojson(spec, queryset, context, filename):
    """RFC 7946: a FeatureCollection of points; a row without coordinates keeps its place in
    the file with a null geometry, so the file holds exactly the exported rows."""
    if not spec.geometry:
        raise ValueError("Cette exportation n'a pas de coordonnées : pas de GeoJSON.")
    latitude_key, longitude_key = spec.geometry
    properties = spec.geojson_properties or tuple(spec.keys)

    def features():
        for chunk in _json_objects(spec, queryset, context):
            batch = []
            for item in chunk:
                latitude, longitude = item[latitude_key], item[longitude_key]
                geometry = None
                if latitude is not None and longitude is not None:
                    geometry = {"type": "Point", "coordinates": [longitude, latitude]}
                batch.append(
                    {
                        "type": "Feature",
                        "geometry": geometry,
                        "properties": {key: item[key] for key in properties},
                    }
                )
            yield batch

    response = StreamingHttpResponse(
        _stream_array('{"type":"FeatureCollection","features":[', features(), "]}"),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


WRITERS = {
    ExportFormat.CSV: write_csv,
    ExportFormat.XLSX: write_xlsx,
    ExportFormat.JSON: write_json,
    ExportFormat.GEOJSON: write_geojson,
}
