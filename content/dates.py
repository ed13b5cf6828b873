"""Dates known only to the day, the month or the year.

The founding visit is known as "août 2021" and nothing finer: we store the first day of the
period with its precision, and never display a day we do not know.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("jour")
    MONTH = "month", _("mois")
    YEAR = "year", _("année")


def truncate_date(value, precision):
    """The first day of the period, so two dates of one period compare equal."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 1, 1)
    return value


def format_partial_date(value, precision):
    """`12 août 2021`, `1er août 2021`, `août 2021` or `2021`, as French writes them."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "F Y")
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {formats.date_format(value, 'F Y')}"


def iso_partial_date(value, precision):
    """ISO 8601 reduced precision (`2021-08`, `2021`), for `<time datetime>` and exports."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


@dataclass(frozen=True)
class PartialDate:
    """A date with its precision: `str()` shows what is known, `.iso` suits `<time datetime>`."""

    value: datetime.date | None
    precision: str

    def __str__(self):
        return format_partial_date(self.value, self.precision)

    def __bool__(self):
        return self.value is not None

    @property
    def iso(self):
        return iso_partial_date(self.value, self.precision)


_ISO_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", re.ASCII)


def parse_iso_partial_date(text):
    """The reverse of `iso_partial_date`: `2021-08` → PartialDate(1 August 2021, month).

    ValueError for anything else, an impossible date (`2021-02-30`) included.
    """
    match = _ISO_PARTIAL_DATE.fullmatch(str(text).strip())
    if match is None:
        raise ValueError(text)
    year, month, day = match.groups()
    value = datetime.date(int(year), int(month or 1), int(day or 1))
    if day:
        return PartialDate(value, DatePrecision.DAY)
    return PartialDate(value, DatePrecision.MONTH if month else DatePrecision.YEAR)


def partial_date(field, precision_field):
    """A read-only model attribute: `announced = partial_date("announced_on", "…_precision")`."""
    return property(lambda row: PartialDate(getattr(row, field), getattr(row, precision_field)))
