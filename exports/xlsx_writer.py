"""XLSX: typed cells (numbers, real dates shown `JJ/MM/AAAA`), written by openpyxl's write-only
mode to a temporary file, so that memory stays flat however many rows there are."""

import tempfile

from django.utils import timezone

from exports.cells import Kind, list_text, neutralise
from exports.columns import Related


def xlsx_file(spec, queryset, context, *, title):
    """The workbook as an open temporary file, at its start; closing it deletes it."""
    # Imported here: only the XLSX export needs openpyxl.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

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
        (lambda flat: lambda items: text(flat(items)))(list_text(column))
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
    return spool
