"""Exports that open right in French spreadsheets, never run a formula and stay flat in memory.

An `ExportSpec` is a list of columns over a queryset:

- `Column`: one value per row, read with `values_list` (so the changelist's filters, search,
  `distinct()` and ordering are kept) and optionally computed from several fields;
- `Related`: the list of related values of each row (a place's kinds, a programme's lines),
  fetched with one query per chunk of rows, never one per row.

Each format renders the same values its own way: CSV for French Excel and LibreOffice (UTF-8
with BOM, `;`, decimal comma, `JJ/MM/AAAA`), XLSX with typed cells (openpyxl's write-only mode),
JSON, and GeoJSON when the spec has coordinates. XLSX, JSON and GeoJSON read the Python values
of `ExportSpec.chunks()`; CSV, which must keep up with a bare `csv.writer` loop, reads what the
database driver returns and formats a chunk column by column (see its section). CSV and JSON
stream in chunks of rows; XLSX is written to a temporary file, then streamed. Text cells of CSV
and XLSX are neutralised (OWASP "CSV injection", `neutralise()`).
"""

import csv
import datetime
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.sql.constants import MULTI
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from exports.models import ExportFormat

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

    def rows(self, pks):
        """The `values_list` of (parent, *fields) for these parent ids, in list order."""
        # `parent__in=pks` costs Django ~2 µs of preparation per id, which dominated large
        # exports; these ids are integers just read from the database, so they are inlined.
        return self.rows_where(f"IN ({','.join(str(int(pk)) for pk in pks)})")

    def rows_where(self, condition, params=()):
        """The same rows, for the parents whose id satisfies `<parent column> <condition>`."""
        queryset = self.queryset()
        opts = queryset.model._meta
        quote = connections[queryset.db].ops.quote_name
        column = f"{quote(opts.db_table)}.{quote(opts.get_field(self.parent).column)}"
        where = RawSQL(f"{column} {condition}", params, output_field=BooleanField())  # noqa: S611
        return (
            queryset.filter(where).order_by(*self.order_by).values_list(self.parent, *self.fields)
        )

    def fetch(self, pks):
        rows = self.rows(pks)
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
#
# The CSV writer must keep up with a bare `csv.writer` loop over the same rows (issue 6: at most
# 1.5×; see "Benchmark" in the README). Through `chunks()` it cost 4×: the ORM converted every
# cell (on SQLite it parses each datetime and quantises each decimal) and each cell was then
# formatted by its own Python call. So the CSV writer reads the rows as the driver returns them,
# converts only the columns whose text depends on it, and works a chunk column by column, in C
# where it can (`zip`, `map`, `str.join`, substring tests) instead of cell by cell.

LIST_SEPARATOR = " | "
RECORD_SEPARATOR = " : "


_FORMULA_CHARACTERS = frozenset(FORMULA_PREFIXES)


def _csv_text(value):
    # neutralise(), for the rare column that has a cell to neutralise.
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


def _render_item(column):
    """Spreadsheet text of one item of a related list (`Coworking`, `Ligne : 30000000,00`)."""
    item_kinds = column.item_kinds
    # Items are not neutralised one by one: only the start of the whole cell matters.
    plain = {**CSV_FORMATTERS, Kind.TEXT: lambda value: "" if value is None else str(value)}

    def render_item(item):
        if isinstance(item, dict):
            return RECORD_SEPARATOR.join(
                plain[item_kinds.get(key, Kind.TEXT)](value) for key, value in item.items()
            )
        return plain[column.kind](item)

    return render_item


def _flat(column):
    """Spreadsheet text for a related list: `Coworking | Fablab`, `Ligne : 30000000,00`."""
    render_item = _render_item(column)
    return lambda items: neutralise(LIST_SEPARATOR.join(render_item(item) for item in items))


class _Converters:
    """Django's converters of a compiled `values_list`, by position, run only when asked.

    The driver's values differ by backend: SQLite's driver parses the columns Django declares
    `datetime`, `date` and `bool` (naive datetimes in the connection's time zone, `bool`) but
    returns decimals as floats and expressions as text; PostgreSQL returns aware datetimes,
    `bool` and `Decimal`. A CSV column either handles every form it can take, or asks for
    exactly what the ORM would return.
    """

    def __init__(self, compiler):
        self.connection = compiler.connection
        selected = [column[0] for column in (compiler.select or [])[: compiler.col_count]]
        self.by_position = compiler.get_converters(selected)
        self.from_field = {
            position
            for position, (_functions, expression) in self.by_position.items()
            if expression.get_db_converters(self.connection)
        }

    def column(self, position, values):
        """The column's values as the ORM returns them."""
        if position not in self.by_position:
            return values
        functions, expression = self.by_position[position]
        connection = self.connection
        # Django's backends return NULL as None and their converters keep it: skip those calls
        # (most cells of a sparse column). A field's own `from_db_value` sees every value.
        skip_none = position not in self.from_field
        converted = []
        for value in values:
            if value is not None or not skip_none:
                for function in functions:
                    value = function(value, expression, connection)
            converted.append(value)
        return converted

    def rows(self, rows):
        if not self.by_position or not rows:
            return rows
        columns = zip(*rows, strict=True)
        converted = [self.column(position, values) for position, values in enumerate(columns)]
        return list(zip(*converted, strict=True))


class _Chunk:
    """One chunk of rows as the driver returned them, transposed into columns, each column
    converted at most once."""

    def __init__(self, rows, converters):
        self.raw = list(zip(*rows, strict=True))
        self.converters = converters
        self._python = {}
        self._ids = None

    def python(self, position):
        if position not in self._python:
            self._python[position] = self.converters.column(position, self.raw[position])
        return self._python[position]

    def converts_in_field(self, position):
        return position in self.converters.from_field

    @property
    def ids(self):
        """The primary keys as SQL (`1,2,3`), for the related lists' queries."""
        if self._ids is None:
            # Integers just read from the database: int() keeps anything else out of the SQL.
            self._ids = ",".join(map(str, map(int, self.raw[0])))
        return self._ids


def _csv_texts(values):
    # Almost no cell needs neutralising: test the first characters of the whole column at once,
    # in C, and return the column untouched.
    if _FORMULA_CHARACTERS.isdisjoint(map(itemgetter(0), filter(None, values))):
        return values
    return [_csv_text(value) for value in values]


_BOOLEAN_TEXT = {None: "", False: "non", True: "oui"}  # 0 and 1 are the same keys


def _csv_booleans(values):
    try:
        return list(map(_BOOLEAN_TEXT.__getitem__, values))
    except KeyError:  # not 0, 1 or a bool: not from a BooleanField
        return [_csv_boolean(value) for value in values]


def _csv_decimals(values):
    return ["" if value is None else format(value, "f").replace(".", ",") for value in values]


_MINUTE = datetime.timedelta(minutes=1)
_LAST_MICROSECOND_OF_DAY = datetime.timedelta(days=1, microseconds=-1)
_NAIVE_EPOCH = datetime.datetime(1970, 1, 1)
_AWARE_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EPOCH_ORDINAL = _NAIVE_EPOCH.toordinal()
# Since 1973 every UTC offset is a whole number of minutes and clocks change at least a week
# apart in every zone of the tz database (Liberia's -0:44:30, the last odd offset, ended in
# 1972; checked against every zone's transitions). Older datetimes are converted one by one.
_FIRST_SHIFTED_DAY = (datetime.datetime(1973, 1, 1) - _NAIVE_EPOCH).days
_DAYS_KEPT = 100_000  # about 270 years of days, then start afresh: memory stays flat
_HOURS_MINUTES = [f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60)]
_UNKNOWN = object()


class _LocalMinutes:
    """`JJ/MM/AAAA HH:MM` in the site's time zone, by integer arithmetic.

    Converting and formatting each datetime cost about 1 µs, as much as reading its row. On
    a day when no clock changes, the site's time is the database's plus a constant number of
    minutes: that shift is found once per day, each `JJ/MM/AAAA ` once per local day, and a
    cell costs a few additions, however spread the datetimes are.
    """

    def __init__(self, zone):
        self.zone = zone
        # {day: minutes to add, or None when a clock changes}, for UTC and by database zone
        self.utc_shifts = {}
        self.naive_shifts = {}
        self.dates = {}  # local day → "JJ/MM/AAAA "

    def text(self, moment):
        local = moment.astimezone(self.zone)
        return "%02d/%02d/%04d %02d:%02d" % (  # noqa: UP031 - a third faster than an f-string
            local.day,
            local.month,
            local.year,
            local.hour,
            local.minute,
        )

    def shift(self, clock_epoch, day):
        """Minutes from the database's clock to the site's, the same all day; or None."""
        if day < _FIRST_SHIFTED_DAY:
            return None
        # Wall-clock arithmetic, fold 0: the same instants as Django's `replace(tzinfo=…)`.
        start = clock_epoch + datetime.timedelta(days=day)
        end = start + _LAST_MICROSECOND_OF_DAY
        if start.utcoffset() != end.utcoffset():
            return None  # the database's clock changes that day
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        if local_start.utcoffset() != local_end.utcoffset():
            return None  # the site's clock changes that day
        shift = local_start.utcoffset() - start.utcoffset()
        return None if shift % _MINUTE else shift // _MINUTE

    def date(self, local_day):
        day = datetime.date.fromordinal(local_day + _EPOCH_ORDINAL)
        text = self.dates[local_day] = _csv_date(day) + " "
        return text

    def column(self, values, database_zone, convert):
        """`values` as the driver returned them: naive datetimes in `database_zone` (SQLite),
        aware ones (PostgreSQL), or text that `convert` parses (SQLite expressions)."""
        naive_epoch = datetime.datetime(1970, 1, 1, tzinfo=database_zone)
        naive_shifts = self.naive_shifts.setdefault(database_zone, {})
        utc_shifts, dates = self.utc_shifts, self.dates
        if len(naive_shifts) + len(utc_shifts) + len(dates) > _DAYS_KEPT:
            naive_shifts.clear()
            utc_shifts.clear()
            dates.clear()
        cells = []
        append = cells.append
        for value in values:
            if value is None:
                append("")
                continue
            if not isinstance(value, datetime.datetime):
                value = convert(value)
            if value.tzinfo is None:
                clock_epoch, shifts, since_epoch = naive_epoch, naive_shifts, value - _NAIVE_EPOCH
            else:
                clock_epoch, shifts, since_epoch = _AWARE_EPOCH, utc_shifts, value - _AWARE_EPOCH
            day = since_epoch.days
            shift = shifts.get(day, _UNKNOWN)
            if shift is _UNKNOWN:
                shift = shifts[day] = self.shift(clock_epoch, day)
            if shift is None:
                append(self.text(clock_epoch + since_epoch))
                continue
            local_day, minute = divmod(day * 1440 + since_epoch.seconds // 60 + shift, 1440)
            append((dates.get(local_day) or self.date(local_day)) + _HOURS_MINUTES[minute])
        return cells


def _csv_column_renderers(zone):
    """Kind → function rendering a column of Python values (what the ORM returns).

    Text (and integers, which a bound function may return as anything) may hold None,
    numbers or characters that need quoting: `_CsvBody` deals with them. The other kinds
    give strings that never need quoting."""
    return {
        Kind.TEXT: _csv_texts,
        Kind.INTEGER: lambda values: values,
        Kind.DECIMAL: _csv_decimals,
        Kind.DATE: lambda values: list(map(_csv_date, values)),
        Kind.DATETIME: lambda values: [_csv_datetime(value, zone) for value in values],
        Kind.BOOLEAN: _csv_booleans,
    }


_CHECKED_KINDS = {Kind.TEXT, Kind.INTEGER}


def _csv_plain_renderer(position, kind, renderers, zone):
    render = renderers[kind]
    if kind == Kind.BOOLEAN:

        def boolean(chunk):
            # 0/1 from SQLite or MySQL and bool from PostgreSQL map alike: no converter needed.
            if chunk.converts_in_field(position):
                return render(chunk.python(position))
            return render(chunk.raw[position])

        return boolean
    if kind == Kind.DATETIME:
        minutes = _LocalMinutes(zone)

        def moment(chunk):
            # Without USE_TZ the ORM's naive datetimes are read as the server's local time.
            if chunk.converts_in_field(position) or not settings.USE_TZ:
                return render(chunk.python(position))
            converters = chunk.converters
            return minutes.column(
                chunk.raw[position],
                converters.connection.timezone,
                lambda value: converters.column(position, [value])[0],
            )

        return moment
    return lambda chunk: render(chunk.python(position))


def _csv_computed_renderer(function, positions, kind, renderers):
    render = renderers[kind]
    return lambda chunk: render(list(map(function, *[chunk.python(p) for p in positions])))


# How each database takes a chunk's ids as one parameter, so that the statement stays the same
# from chunk to chunk: SQLite then prepares it once, and neither database parses and plans
# 2 000 literals per chunk (7 ms a query on PostgreSQL, 3 ms as one array). On PostgreSQL a
# subquery rather than `= ANY(…)`: the planner then knows how many ids there are and looks
# them up in the index, where `= ANY` led it to scan the whole table for every chunk.
_IDS_PARAMETERS = {
    "sqlite": ("IN (SELECT value FROM json_each(%s))", "[{}]"),
    "postgresql": ("IN (SELECT unnest(%s::bigint[]))", "{{{}}}"),
}


class _RelatedCells:
    """The cells of one `Related` column: one query per chunk, compiled once per export.

    Building and compiling the query per chunk cost as much as running it. Other databases
    get the ids inlined into the compiled SQL, as `Related.rows()` does.
    """

    IDS_MARKER = "__exported_ids__"

    def __init__(self, column):
        self.column = column
        self.render_item = _render_item(column)
        queryset = column.queryset()
        self.connection = connections[queryset.db]
        self.ids_parameter = _IDS_PARAMETERS.get(self.connection.vendor)
        if self.ids_parameter:
            self.marker = object()
            condition = (self.ids_parameter[0], [self.marker])
        else:
            condition = (f"IN ({self.IDS_MARKER})", [])
        compiler = column.rows_where(*condition).query.get_compiler(queryset.db)
        try:
            self.sql, self.params = compiler.as_sql()
        except EmptyResultSet:
            self.sql = None
        self.converters = _Converters(compiler)
        self.width = compiler.col_count if compiler.has_extra_select else None
        inlined = self.sql is not None and not self.ids_parameter
        if inlined and self.sql.count(self.IDS_MARKER) != 1:
            raise ValueError(f"Requête inattendue pour « {column.key} » : {self.sql}")

    def fetch(self, chunk):
        if self.sql is None:
            return []
        if self.ids_parameter:
            ids = self.ids_parameter[1].format(chunk.ids)
            sql = self.sql
            params = [ids if param is self.marker else param for param in self.params]
        else:
            sql, params = self.sql.replace(self.IDS_MARKER, chunk.ids), self.params
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        return self.converters.rows(rows)

    def texts(self, rows):
        """Parent id → the list as one text, items in query order."""
        if not rows:
            return {}
        column = self.column
        parents, *fields = zip(*rows, strict=True)
        items = list(map(column.combine, *fields)) if column.combine else fields[0]
        # Text items are written as they are: skip the call per item unless one is not text.
        if column.kind != Kind.TEXT or not set(map(type, items)) <= {str}:
            items = list(map(self.render_item, items))
        texts = {}
        for parent, item in zip(parents, items, strict=True):
            if parent in texts:
                texts[parent] += LIST_SEPARATOR + item
            else:
                texts[parent] = item
        return texts

    def __call__(self, chunk):
        texts = self.texts(self.fetch(chunk))
        return _csv_texts(list(map(texts.get, chunk.raw[0], repeat(""))))


# What makes csv.writer quote a field with our dialect: the delimiter, the quote, line ends.
_CSV_QUOTED = (";", '"', "\r", "\n")
_CSV_QUOTED_RE = re.compile(f"[{re.escape(''.join(_CSV_QUOTED))}]")


def _csv_writer(stream):
    return csv.writer(stream, delimiter=";", lineterminator="\r\n")


def _csv_quoted(text):
    """What csv.writer (QUOTE_MINIMAL, doubled quotes) writes for a field it quotes."""
    return '"' + text.replace('"', '""') + '"'


class _CsvBody:
    """Lines of CSV from columns of cells, byte for byte what csv.writer writes.

    csv.writer copies each field character by character, testing each one (about 5 µs for a
    row of 25 fields: half the time of the bare loop). A field that needs no quoting, nearly
    every one, it writes as it is: `str.join` does the same at the speed of a copy. The
    columns that may need more are tested whole, then their fields one by one; a test
    compares the result with csv.writer's on awkward fields.
    """

    def __init__(self, checked, width):
        self.checked = checked
        self.single = width == 1

    def __call__(self, columns):
        for position in self.checked:
            cells = columns[position]
            try:
                text = "".join(cells)
            except TypeError:  # None or numbers: csv.writer writes "" and str(value)
                cells = ["" if value is None else str(value) for value in cells]
                text = "".join(cells)
            if any(character in text for character in _CSV_QUOTED):
                quoted = map(_CSV_QUOTED_RE.search, cells)
                cells = [
                    _csv_quoted(value) if quote else value
                    for value, quote in zip(cells, quoted, strict=True)
                ]
            columns[position] = cells
        if self.single:  # csv.writer writes a row of one empty field as `""`
            columns[0] = [value or '""' for value in columns[0]]
        return "\r\n".join(map(";".join, zip(*columns, strict=True))) + "\r\n"


class _Echo:
    """Django's documented pseudo-buffer: csv.writer writes, we collect what it returns."""

    def write(self, value):
        return value


def write_csv(spec, queryset, context, filename):
    zone = timezone.get_current_timezone()  # looked up once, not once per cell
    renderers = _csv_column_renderers(zone)
    index = {path: position for position, path in enumerate(spec.paths())}
    columns, checked = [], []
    for position, column in enumerate(spec.columns):
        if isinstance(column, Related):
            columns.append(_RelatedCells(column))
        elif column.bind:
            fields = [index[path] for path in column.fields]
            columns.append(
                _csv_computed_renderer(column.bind(context), fields, column.kind, renderers)
            )
        else:
            columns.append(_csv_plain_renderer(index[column.field], column.kind, renderers, zone))
        if isinstance(column, Related) or column.kind in _CHECKED_KINDS:
            checked.append(position)
    body = _CsvBody(checked, len(columns))

    def stream():
        yield "\ufeff" + _csv_writer(_Echo()).writerow(spec.keys)
        compiler = spec.rows_queryset(queryset).query.get_compiler(queryset.db)
        # `QuerySet.iterator()`'s own path: a server-side cursor on PostgreSQL (memory stays
        # flat), the columns added for DISTINCT … ORDER BY trimmed from each row.
        chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=CHUNK_SIZE)
        converters = _Converters(compiler)
        for rows in chunks:
            chunk = _Chunk(rows, converters)
            yield body([render(chunk) for render in columns])

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
