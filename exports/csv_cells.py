"""The CSV text of a whole column of cells at once, kind by kind.

Formatting each cell by its own Python call cost as much as reading the rows. These functions
take a chunk's column (a tuple of values) and work it in C where they can (`map`, `str.join`,
substring tests) instead of cell by cell. They take the values the ORM returns, and, where
`csv_writer` reads a column as the driver returns it, every form the drivers give: SQLite's
driver gives decimals as floats, naive datetimes on the database's clock, booleans as 0 and 1,
and text for expressions; PostgreSQL's gives `Decimal`, aware datetimes and `bool`.
"""

import datetime
from decimal import Context, Decimal
from operator import itemgetter

from django.utils.dateparse import parse_date, parse_datetime

from exports.cells import (
    FORMULA_CHARACTERS,
    Kind,
    boolean_cell,
    date_cell,
    datetime_cell,
    text_cell,
)


def texts(values):
    # Almost no cell needs neutralising: test the first characters of the whole column at once,
    # in C, and return the column untouched. None and numbers are left to `csv_writer`.
    if FORMULA_CHARACTERS.isdisjoint(map(itemgetter(0), filter(None, values))):
        return values
    return [text_cell(value) for value in values]


_BOOLEAN_TEXT = {None: "", False: "non", True: "oui"}  # 0 and 1 are the same keys


def booleans(values):
    try:
        return list(map(_BOOLEAN_TEXT.__getitem__, values))
    except KeyError:  # not 0, 1 or a bool: not from a BooleanField
        return [boolean_cell(value) for value in values]


def decimals(values):
    return ["" if value is None else format(value, "f").replace(".", ",") for value in values]


def driver_decimals(field):
    """Renders a DecimalField's column as the driver returns it: the text of the ORM's value.

    From a float, the ORM on SQLite rounds to 15 significant digits, then to the field's
    places (1.4 µs a cell). When the float is the one nearest to a number of the field's places
    that has at most 15 digits, nearly always, both roundings give that number: `%.Nf` finds
    it at a fifth of the cost and `float()` checks it. Other floats take the ORM's way.
    """
    pattern = f"%.{field.decimal_places}f"
    limit = 10.0 ** (15 - field.decimal_places)
    fifteen_digits = Context(prec=15).create_decimal_from_float
    places = Decimal(1).scaleb(-field.decimal_places)
    field_context = Context(prec=field.max_digits)

    def render(values):
        cells = []
        append = cells.append
        for value in values:
            if value is None:
                append("")
            elif value.__class__ is float or value.__class__ is int:
                text = pattern % value
                if not -limit < value < limit or float(text) != value:
                    exact = fifteen_digits(value).quantize(places, context=field_context)
                    text = format(exact, "f")
                append(text.replace(".", ","))
            else:  # Decimal: what the ORM returns too
                append(format(value, "f").replace(".", ","))
        return cells

    return render


def dates(values):
    # Text from SQLite expressions, `date` from columns.
    return [date_cell(parse_date(value) if isinstance(value, str) else value) for value in values]


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


class LocalMinutes:
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
        text = self.dates[local_day] = date_cell(day) + " "
        return text

    def column(self, values, database_zone):
        """`values` as the driver returned them: naive datetimes in `database_zone` (SQLite),
        aware ones (PostgreSQL, and the ORM's values), or text (SQLite expressions)."""
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
                value = parse_datetime(value)
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


def column_renderers(zone):
    """Kind → function rendering a column of the ORM's values.

    Text (and integers, which a bound function may return as anything) may hold None,
    numbers or characters that need quoting: `csv_writer` deals with them. The other kinds
    give strings that never need quoting."""
    return {
        Kind.TEXT: texts,
        Kind.INTEGER: lambda values: values,
        Kind.DECIMAL: decimals,
        Kind.DATE: dates,
        Kind.DATETIME: lambda values: [datetime_cell(value, zone) for value in values],
        Kind.BOOLEAN: booleans,
    }
