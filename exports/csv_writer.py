"""CSV for French Excel and LibreOffice: UTF-8 with BOM, `;`, decimal comma, `JJ/MM/AAAA`.

It must keep up with a bare `csv.writer` loop over the same rows (at most 1.5×; see
"Benchmark" in the README). Through `ExportSpec.chunks()` it cost 4×: the ORM converted every
cell (on SQLite it rebuilds each datetime and quantises each decimal, and a query with any
converted column costs Python calls on every row) and each cell was then formatted by its own
Python call. So this writer:

- reads the model fields whose text does not need the ORM's conversion (datetimes, dates,
  decimals, booleans) as the database driver returns them, selected through an output field
  that no backend converts (`DriverValue`): when no other column is converted, the rows reach
  this writer untouched by Python, as they reach the bare loop;
- formats a chunk of rows column by column (`csv_cells`);
- joins the fields with `str.join` and quotes only the few that need it, exactly as
  `csv.writer` would.

Computed columns and the related lists get the ORM's Python values, as in every format.
"""

import csv
import re
from itertools import islice, repeat

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    Field,
    IntegerField,
    TextField,
)
from django.utils import timezone

from exports import columns as exports_columns
from exports.cells import LIST_SEPARATOR, Kind, item_text
from exports.columns import IDS_PARAMETERS, Related
from exports.csv_cells import (
    LocalMinutes,
    booleans,
    column_renderers,
    dates,
    driver_decimals,
    texts,
)


class DriverValue(Field):
    """An output field that no backend converts: the value as the database driver gives it."""


def _field_at(model, path):
    """The concrete, non-relation model field at the end of `path`; None for anything else
    (an annotation, a relation, a custom field that converts its values itself)."""
    *relations, name = path.split("__")
    try:
        for relation in relations:
            model = model._meta.get_field(relation).related_model
            if model is None:
                return None
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation or not field.concrete or hasattr(field, "from_db_value"):
        return None
    return field


_DRIVER_FIELDS = {
    Kind.DATE: DateField,
    Kind.DATETIME: DateTimeField,
    Kind.DECIMAL: DecimalField,
    Kind.BOOLEAN: BooleanField,
}


def _driver_field(model, path, kind):
    """The field at `path` when this writer reads it as the driver returns it (see
    `csv_cells`); None when the column takes the ORM's value."""
    field = _field_at(model, path)
    if not isinstance(field, _DRIVER_FIELDS.get(kind, ())):
        return None
    if kind == Kind.DATE and isinstance(field, DateTimeField):
        return None
    # Without USE_TZ the ORM's naive datetimes are the server's local time: left to it.
    if kind == Kind.DATETIME and not settings.USE_TZ:
        return None
    return field


def _unconverted(model, path):
    """Whether the ORM returns the driver's value of `path` unchanged: text and integers, on
    SQLite and PostgreSQL (Oracle, for one, turns NULL text into "")."""
    return isinstance(_field_at(model, path), (CharField, TextField, IntegerField))


class _Selection:
    """What the rows' query selects: each path at most once as the ORM's value and once as the
    driver's."""

    def __init__(self):
        self.selected = []
        self.positions = {}

    def add(self, path, driver=False):
        if (path, driver) not in self.positions:
            self.positions[path, driver] = len(self.selected)
            if driver:
                self.selected.append(ExpressionWrapper(F(path), output_field=DriverValue()))
            else:
                self.selected.append(path)
        return self.positions[path, driver]


def _driver_renderer(field, kind, connection, minutes):
    """Renders a column of driver values of `field` (see `_driver_field`)."""
    if kind == Kind.DECIMAL:
        return driver_decimals(field)
    if kind == Kind.DATETIME:
        # Naive datetimes (SQLite) are on the connection's clock, as the ORM reads them.
        database_zone = connection.timezone
        return lambda values: minutes.column(values, database_zone)
    return dates if kind == Kind.DATE else booleans


class _Chunk:
    """A chunk of rows, transposed into columns."""

    def __init__(self, rows):
        self.columns = list(zip(*rows, strict=True))
        self._ids = None

    @property
    def ids(self):
        """The primary keys as SQL (`1,2,3`), for the related lists' queries."""
        if self._ids is None:
            # Integers just read from the database: int() keeps anything else out of the SQL.
            self._ids = ",".join(map(str, map(int, self.columns[0])))
        return self._ids


class _RelatedCells:
    """The cells of one `Related` column: one query per chunk.

    Building and compiling the query per chunk cost as much as running it. When every field
    it reads is text or an integer, and the database takes a chunk's ids as one parameter, the
    query is compiled once and run through a cursor; otherwise the ORM runs it per chunk.
    """

    def __init__(self, column):
        self.column = column
        self.render_item = item_text(column)
        self.width = 1 + len(column.fields)
        self.statement = None
        queryset = column.queryset()
        self.connection = connections[queryset.db]
        parameter = IDS_PARAMETERS.get(self.connection.vendor)
        if parameter and all(_unconverted(queryset.model, path) for path in column.fields):
            condition, self.template = parameter
            self.marker = object()
            rows = column.rows_where(condition, [self.marker])
            try:
                self.statement = rows.query.sql_with_params()
            except EmptyResultSet:
                self.statement = ("", ())

    def fetch(self, chunk):
        if self.statement is None:
            return list(self.column.rows(chunk.columns[0]))
        sql, params = self.statement
        if not sql:
            return []
        ids = self.template.format(chunk.ids)
        params = [ids if param is self.marker else param for param in params]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if rows and len(rows[0]) > self.width:  # columns DISTINCT added for its ordering
            rows = [row[: self.width] for row in rows]
        return rows

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
        found = {}
        for parent, item in zip(parents, items, strict=True):
            if parent in found:
                found[parent] += LIST_SEPARATOR + item
            else:
                found[parent] = item
        return found

    def __call__(self, chunk):
        found = self.texts(self.fetch(chunk))
        return texts(list(map(found.get, chunk.columns[0], repeat(""))))


# What makes csv.writer quote a field with our dialect: the delimiter, the quote, line ends.
_CSV_QUOTED = (";", '"', "\r", "\n")
_CSV_QUOTED_RE = re.compile(f"[{re.escape(''.join(_CSV_QUOTED))}]")
_CHECKED_KINDS = {Kind.TEXT, Kind.INTEGER}


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


def csv_lines(spec, queryset, context):
    """The CSV file, a chunk of rows at a time, as text."""
    zone = timezone.get_current_timezone()  # looked up once, not once per cell
    renderers = column_renderers(zone)
    # One for all the datetime columns: a day's shift and text are found once per export.
    minutes = LocalMinutes(zone)
    connection = connections[queryset.db]
    selection = _Selection()
    selection.add("pk")
    cells, checked = [], []
    for position, column in enumerate(spec.columns):
        if isinstance(column, Related):
            cells.append(_RelatedCells(column))
        elif column.bind:
            cells.append(
                _computed(
                    column.bind(context),
                    [selection.add(path) for path in column.fields],
                    renderers[column.kind],
                )
            )
        else:
            field = _driver_field(queryset.model, column.field, column.kind)
            if field is None:
                render = renderers[column.kind]
            else:
                render = _driver_renderer(field, column.kind, connection, minutes)
            cells.append(_plain(selection.add(column.field, driver=field is not None), render))
        if isinstance(column, Related) or column.kind in _CHECKED_KINDS:
            checked.append(position)
    rows = queryset.values_list(*selection.selected)
    return _lines(spec.keys, rows, cells, _CsvBody(checked, len(cells)))


def _plain(position, render):
    return lambda chunk: render(chunk.columns[position])


def _computed(function, positions, render):
    return lambda chunk: render(list(map(function, *[chunk.columns[p] for p in positions])))


def _lines(keys, rows_queryset, cells, body):
    yield "\ufeff" + csv.writer(_Echo(), delimiter=";", lineterminator="\r\n").writerow(keys)
    size = exports_columns.CHUNK_SIZE
    # A server-side cursor on PostgreSQL: memory stays flat.
    rows = rows_queryset.iterator(chunk_size=size)
    while rows_chunk := list(islice(rows, size)):
        chunk = _Chunk(rows_chunk)
        yield body([render(chunk) for render in cells])
