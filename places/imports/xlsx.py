"""Reading the first visible sheet of an Excel workbook (.xlsx) as a table of text."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

from django.utils.translation import gettext as _

from places.imports.tables import (
    CONTROL_CHARS,
    MAX_CELL_CHARS,
    MAX_ROWS,
    ImportFileError,
    Table,
    check_width,
    file_error,
    header_of,
    long_cell,
    password_protected,
    require_rows,
    row_of,
    too_many_rows,
)

# A zip's directory says how big its members inflate: checked before anything is unpacked.
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_MEMBERS = 10_000
BOOLEANS = {True: "oui", False: "non"}
# In a number format, what is not a code: "quoted text", [locale or colour], \-escaped characters.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def read_xlsx(data):
    # Imported here: openpyxl weighs about 15 MiB in every worker, and only an import reads XLSX.
    import openpyxl

    _check_archive(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl lets zipfile, XML and its own errors through
        raise _unreadable_workbook() from error
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise _unreadable_workbook()
        sheet = next((ws for ws in sheets if ws.sheet_state == "visible"), sheets[0])
        # Some writers record a wrong size; openpyxl would silently cut the sheet to it.
        sheet.reset_dimensions()
        records = _sheet_records(sheet)
    except ImportFileError:
        raise
    except Exception as error:
        raise _unreadable_workbook() from error
    finally:
        workbook.close()
    if not records:
        raise file_error(_("La feuille « %(sheet)s » du classeur est vide."), sheet=sheet.title)
    # As in Excel's own CSV export, the table spans the widest row: blank names are filled in.
    width = max(len(values) for _line, values in records)
    header = header_of(records[0][1] + [""] * (width - len(records[0][1])))
    rows = [(line, row_of(values, header, line)) for line, values in records[1:]]
    require_rows(header, rows)
    return Table(header, rows, "xlsx", "", sheet=sheet.title)


def _check_archive(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    if any(member.flag_bits & 0x1 for member in members):
        raise password_protected(_("Ce classeur"))
    inflated = sum(member.file_size for member in members)
    if len(members) > MAX_XLSX_MEMBERS or inflated > MAX_XLSX_UNCOMPRESSED:
        raise file_error(
            _(
                "Ce classeur occuperait plus de %(max)s Mo une fois décompressé : il est trop "
                "volumineux pour être importé. Enregistrez la feuille utile en CSV."
            ),
            max=MAX_XLSX_UNCOMPRESSED // 2**20,
        )


def _sheet_records(sheet):
    """(sheet row number, [cell text]) of each non-blank row, trailing empty cells dropped."""
    records = []
    for line, cells in enumerate(sheet.iter_rows(), start=1):
        values = [_cell_text(cell.value, cell) for cell in cells]
        while values and not values[-1].strip():
            values.pop()
        if not values:
            continue
        check_width(len(values))
        for column, value in enumerate(values):
            if len(value) > MAX_CELL_CHARS:
                raise long_cell(line, column, records[0][1] if records else None)
            if CONTROL_CHARS.search(value):
                raise file_error(
                    _("Ligne %(line)s, colonne %(column)s : caractère de contrôle à retirer."),
                    line=line,
                    column=column + 1,
                )
        records.append((line, values))
        if len(records) > MAX_ROWS + 1:
            raise too_many_rows()
    return records


def _shown_period(number_format):
    """What a date format shows when it shows no day, its quoted texts and [bracketed] codes
    set aside: "month" (`mmm-yy`, `mmmm yyyy`, `mm/yyyy`) or "year" (`yyyy`); None otherwise."""
    codes = _FORMAT_LITERALS.sub("", number_format or "").lower()
    if "d" in codes or "y" not in codes:
        return None
    return "month" if "m" in codes else "year"


def _cell_text(value, cell=None):
    """A cell as a person sees it: 14650 not 14650.0, 49.1923892 not 4.91923892e1, and a date
    shown as « août-19 » (or « 2019 ») as the month (or year) it is, not as its first day (the
    cell's number format is read for dates only: it costs a lookup per cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return BOOLEANS[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Excel shows 15 significant digits: 0.1 + 0.2 is 0.3 there.
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        value = value.date()
    if type(value) is datetime.date:
        period = _shown_period(getattr(cell, "number_format", ""))
        if period == "month":
            return f"{value.month:02d}/{value.year:04d}"
        if period == "year":
            return f"{value.year:04d}"
    if isinstance(value, datetime.datetime):
        return f"{_cell_text(value.date())} {_cell_text(value.time())}"
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}" + (f":{value:%S}" if value.second else "")
    if isinstance(value, datetime.timedelta):  # a duration: its str() is English
        minutes, seconds = divmod(round(value.total_seconds()), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    return str(value)


def _unreadable_workbook():
    return file_error(
        _(
            "Ce classeur Excel n'a pas pu être lu : il est peut-être endommagé. Ouvrez-le dans "
            "Excel ou LibreOffice et enregistrez-le de nouveau au format .xlsx ou CSV."
        )
    )
