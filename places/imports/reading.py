"""Reading the tables regional networks publish: CSV as Excel or LibreOffice save it, or XLSX.

Whatever makes the file as a whole unreadable ends in an `ImportFileError` whose text is a French
sentence staff can act on (which line, which column, what to do). What the cells mean is left to
the importers: here every cell is text, as a person sees it in a spreadsheet.
"""

import codecs
import csv
import io
import re
import zipfile

from django.utils.translation import gettext as _

from places.imports.tables import (
    CONTROL_CHARS,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportFileError,
    Table,
    file_error,
    french_number,
    header_of,
    long_cell,
    password_protected,
    refusal,
    require_rows,
    row_of,
    too_many_rows,
)
from places.imports.xlsx import read_xlsx

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportFileError",
    "Table",
    "read_table",
    "require_columns",
    "sniff_kind",
]

DELIMITERS = (";", ",", "\t")  # in order of preference when counts tie

# PostgreSQL refuses NUL in text, and the other C0 controls only come from binary junk.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The first record, up to a line break outside quotes; an unbalanced quote stops it early.
_FIRST_RECORD = re.compile(r'[\r\n]*((?:"[^"]*"|[^"\r\n])*)')
# Some exporters write "sep=;" as the first line so that Excel splits the columns right.
_DECLARED_DELIMITER = re.compile(r"sep=([;,\t])[ ]*(?:\r\n|\r|\n)")
_QUOTED_PART = re.compile(r'"[^"]*"')
_QUOTED_CELL = re.compile(r'"[^"]*(?:""[^"]*)*"(?!")')

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A workbook saved with a password is an OLE2 container holding this stream, not a zip.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def read_table(data: bytes, file_name: str = "") -> Table:
    if len(data) > MAX_FILE_BYTES:
        raise file_error(
            _("Le fichier pèse %(size)s Mo ; la limite est de %(max)s Mo : découpez-le."),
            size=-(-len(data) // 2**20),
            max=MAX_FILE_BYTES // 2**20,
        )
    if sniff_kind(data, file_name) == "xlsx":
        return read_xlsx(data)
    return _read_csv(data)


def require_columns(header, required, what) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise file_error(
            _("Colonnes absentes pour %(what)s : %(columns)s."),
            what=what,
            columns=", ".join(missing),
        )


# --- What kind of file --------------------------------------------------------------------------


def sniff_kind(data: bytes, file_name: str = "") -> str:
    """'csv' or 'xlsx', judged by content: staff rename files, and Excel names HTML '.xls'."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise file_error(_("Le fichier est vide."))
    this = _("Le fichier « %(name)s »") % {"name": file_name} if file_name else _("Ce fichier")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, this)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise password_protected(this)
        what = _("un classeur Excel 97-2003 (.xls), format qui n'est pas accepté")
    elif data.startswith(b"%PDF"):
        what = _("un document PDF, pas un tableau")
    elif data.startswith(IMAGE_MAGICS):
        what = _("une image, pas un tableau")
    elif re.match(rb"(\xef\xbb\xbf)?\s*<(!doctype|html|\?xml)", data[:200], re.IGNORECASE):
        what = _("une page web (HTML) ou un document XML, pas un tableau")
    elif len(_CONTROL_BYTES.findall(data[:4096])) > len(data[:4096]) // 20:
        what = _("un fichier binaire, pas un tableau")
    else:
        return "csv"
    raise refusal(_("%(this)s est %(what)s."), this, what)


def _sniff_zip(data, this):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            # Read no more than that: a member can inflate to gigabytes.
            mimetype = archive.open("mimetype").read(100) if "mimetype" in names else b""
    except Exception as error:  # a truncated upload raises anything from zipfile
        raise refusal(
            _("%(this)s est une archive ZIP (un classeur .xlsx ?) endommagée ou incomplète."), this
        ) from error
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.startswith(ODS_MIMETYPE):
        what = _("un classeur OpenDocument (.ods), format qui n'est pas accepté")
    elif "xl/workbook.bin" in names:
        what = _("un classeur Excel binaire (.xlsb), format qui n'est pas accepté")
    else:
        what = _("une archive ZIP qui ne contient pas de classeur Excel")
    raise refusal(_("%(this)s est %(what)s."), this, what)


# --- CSV ----------------------------------------------------------------------------------------


def _read_csv(data):
    text, encoding = _decode(data)
    declared = _DECLARED_DELIMITER.match(text)
    delimiter = declared.group(1) if declared else _sniff_delimiter(text)
    # strict: a misplaced quote is reported rather than silently merged into a cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    if declared:
        next(reader)
    header, rows, line = None, [], reader.line_num + 1
    try:
        for values in reader:
            start, line = line, reader.line_num + 1
            if not "".join(values).strip():
                continue
            if max(map(len, values)) > MAX_CELL_CHARS:
                column = next(i for i, value in enumerate(values) if len(value) > MAX_CELL_CHARS)
                raise long_cell(start, column, header)
            if header is None:
                header = header_of(values)
                continue
            rows.append((start, row_of(values, header, start)))
            if len(rows) > MAX_ROWS:
                raise too_many_rows()
    except csv.Error as error:
        raise _explain_csv_error(text, line, delimiter, header) from error
    require_rows(header, rows)
    return Table(header, rows, encoding, delimiter)


def _decode(data):
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            message = _("Le fichier s'annonce en UTF-16 mais n'en est pas : enregistrez-le en CSV.")
            raise file_error(message) from error
        _refuse_controls(text)
        return text.lstrip("\ufeff"), "utf-16"
    _refuse_controls(data)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise _bad_byte(data, error.start + 3, "utf-8") from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if _mostly_utf8(data):
            raise _bad_byte(data, error.start, "utf-8") from error
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise _bad_byte(data, error.start, "cp1252") from error


def _refuse_controls(data):
    found = (_CONTROL_BYTES if isinstance(data, bytes) else CONTROL_CHARS).search(data)
    if found:
        code = ord(found.group())
        raise file_error(
            _(
                "Le fichier contient %(what)s (0x%(code)s) ligne %(line)s : ce n'est pas un texte "
                "CSV propre. Retirez ce caractère, ou ouvrez le fichier dans un tableur et "
                "enregistrez-le de nouveau en CSV."
            ),
            what=_("un caractère nul") if code == 0 else _("un caractère de contrôle"),
            code=f"{code:02X}",
            line=_line_at(data, found.start()),
        )


def _mostly_utf8(data):
    """Whether valid UTF-8 sequences outnumber stray high bytes: then a stray byte is damage,
    and decoding the whole file as Windows-1252 would garble every accent."""
    rest, sequences = _UTF8_SEQUENCE.subn(b"", data)
    stray = len(rest) - len(rest.translate(None, _HIGH_BYTES))
    return sequences > 0 and sequences >= stray


def _bad_byte(data, position, encoding):
    start = max(data.rfind(b"\r", 0, position), data.rfind(b"\n", 0, position)) + 1
    before = data[start:position].decode(encoding, "replace")
    where = _("Octet invalide (0x%(byte)02X) ligne %(line)s, position %(column)s") % {
        "byte": data[position],
        "line": french_number(_line_at(data, position)),
        "column": french_number(len(before) + 1),  # in characters, as a text editor counts
    }
    before = before[-40:].strip()
    if before:
        where = _("%(where)s, juste après « %(before)s »") % {"where": where, "before": before}
    return file_error(
        _(
            "%(where)s : le fichier n'est ni en UTF-8 ni en Windows-1252 cohérent. Ouvrez-le dans "
            "un tableur, corrigez ce caractère et enregistrez-le en « CSV UTF-8 »."
        ),
        where=where,
    )


def _sniff_delimiter(text):
    # A header is a few hundred characters: looking further only costs time on junk.
    header = _QUOTED_PART.sub("", _FIRST_RECORD.match(text, 0, 65_536).group(1))
    return max(DELIMITERS, key=header.count)


def _explain_csv_error(text, line, delimiter, header):
    """csv says why a record failed in English and without the column: walk the record again
    to tell a cell too long for csv's own limit from a misplaced quote."""
    offset, column = _line_offset(text, line), 0
    unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    while True:
        # Looking no further than a cell within the limit can take, its quotes doubled.
        stop = offset + 2 * MAX_CELL_CHARS + 2
        quoted = _QUOTED_CELL.match(text, offset, stop)
        if text.startswith('"', offset) and not quoted:
            if stop < len(text):
                return long_cell(line, column, header)
            break
        end = unquoted.match(text, quoted.end() if quoted else offset, stop).end()
        if end - offset > MAX_CELL_CHARS:
            return long_cell(line, column, header)
        if not text.startswith(delimiter, end):
            break
        offset, column = end + len(delimiter), column + 1
    return file_error(
        _(
            "Ligne %(line)s : impossible de découper la ligne en colonnes, sans doute à cause "
            "d'un guillemet (\") non refermé ou mal placé."
        ),
        line=line,
    )


# --- XLSX ---------------------------------------------------------------------------------------


# --- Shared -------------------------------------------------------------------------------------


def _line_at(data, position):
    """Line number, counted as csv does (CR, LF or CRLF), of a position in bytes or text."""
    head = data[:position]
    cr, lf = ("\r", "\n") if isinstance(data, str) else (b"\r", b"\n")
    return head.count(lf) + head.count(cr) - head.count(cr + lf) + 1


def _line_offset(text, line):
    if line <= 1:
        return 0
    for number, found in enumerate(_LINE_BREAK.finditer(text), start=2):
        if number == line:
            return found.end()
    return len(text)
