"""Reading the tables regional networks publish: CSV as Excel or LibreOffice save it, or XLSX.

Whatever makes the file as a whole unreadable ends in an `ImportFileError` whose text is a French
sentence staff can act on (which line, which column, what to do). What the cells mean is left to
the importers: here every cell is text, as a person sees it in a spreadsheet.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_CELL_CHARS = 10_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200
# Checked in the zip's directory before anything is inflated: a small XLSX can unpack to
# gigabytes, and zipfile never inflates a member past the size the directory declares.
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_MEMBERS = 10_000

DELIMITERS = (";", ",", "\t")  # in order of preference when counts tie
BOOLEANS = {True: "oui", False: "non"}

# PostgreSQL refuses NUL in text, and the other C0 controls only come from binary junk.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
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
_NAME_BLANKS = " \t\r\n\xa0\u202f\ufeff\u200b"
_ORDINARY_CHAR = re.compile(r"[\w\s'’.,;:()/°#&+\-«»\"!?%*@]")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A workbook saved with a password is an OLE2 container holding this stream, not a zip.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class ImportFileError(Exception):
    """The file as a whole cannot be read; str(error) is a French sentence for staff."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict]]  # (line as staff find it in their spreadsheet, {column: text})
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252" or "xlsx"
    delimiter: str  # ";", ",", "\t", or "" for XLSX
    sheet: str = ""


def read_table(data: bytes, file_name: str = "") -> Table:
    if len(data) > MAX_FILE_BYTES:
        raise _error(
            _("Le fichier pèse %(size)s Mo ; la limite est de %(max)s Mo : découpez-le."),
            size=-(-len(data) // 2**20),
            max=MAX_FILE_BYTES // 2**20,
        )
    if sniff_kind(data, file_name) == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def require_columns(header, required, what) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise _error(
            _("Colonnes absentes pour %(what)s : %(columns)s."),
            what=what,
            columns=", ".join(missing),
        )


# --- What kind of file --------------------------------------------------------------------------


def sniff_kind(data: bytes, file_name: str = "") -> str:
    """'csv' or 'xlsx', judged by content: staff rename files, and Excel names HTML '.xls'."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _error(_("Le fichier est vide."))
    this = _("Le fichier « %(name)s »") % {"name": file_name} if file_name else _("Ce fichier")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, this)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise _password_protected(this)
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
    raise _refusal(_("%(this)s est %(what)s."), this, what)


def _sniff_zip(data, this):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            # Read no more than that: a member can inflate to gigabytes.
            mimetype = archive.open("mimetype").read(100) if "mimetype" in names else b""
    except Exception as error:  # a truncated upload raises anything from zipfile
        raise _refusal(
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
    raise _refusal(_("%(this)s est %(what)s."), this, what)


def _refusal(message, this, what=""):
    accepted = _(
        "Formats acceptés : CSV (séparateur point-virgule, virgule ou tabulation ; encodage UTF-8 "
        "ou Windows-1252) et classeur Excel .xlsx. Ouvrez le fichier dans Excel ou LibreOffice "
        "et enregistrez-le dans l'un de ces formats."
    )
    return _error(f"{message % {'this': this, 'what': what}} {accepted}")


def _password_protected(this):
    return _error(
        _(
            "%(this)s est protégé par un mot de passe : retirez la protection dans Excel ou "
            "LibreOffice, enregistrez-le de nouveau, puis importez-le."
        ),
        this=this,
    )


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
                raise _long_cell(start, column, header)
            if header is None:
                header = _header(values)
                continue
            rows.append((start, _row(values, header, start)))
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
    except csv.Error as error:
        raise _explain_csv_error(text, line, delimiter, header) from error
    _require_rows(header, rows)
    return Table(header, rows, encoding, delimiter)


def _decode(data):
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            message = _("Le fichier s'annonce en UTF-16 mais n'en est pas : enregistrez-le en CSV.")
            raise _error(message) from error
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
    found = (_CONTROL_BYTES if isinstance(data, bytes) else _CONTROL_CHARS).search(data)
    if found:
        code = ord(found.group())
        raise _error(
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
        "line": _number(_line_at(data, position)),
        "column": _number(len(before) + 1),  # in characters, as a text editor counts
    }
    before = before[-40:].strip()
    if before:
        where = _("%(where)s, juste après « %(before)s »") % {"where": where, "before": before}
    return _error(
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
                return _long_cell(line, column, header)
            break
        end = unquoted.match(text, quoted.end() if quoted else offset, stop).end()
        if end - offset > MAX_CELL_CHARS:
            return _long_cell(line, column, header)
        if not text.startswith(delimiter, end):
            break
        offset, column = end + len(delimiter), column + 1
    return _error(
        _(
            "Ligne %(line)s : impossible de découper la ligne en colonnes, sans doute à cause "
            "d'un guillemet (\") non refermé ou mal placé."
        ),
        line=line,
    )


def _header(values):
    _check_width(len(values))
    header = [
        value.strip(_NAME_BLANKS) or _("colonne %(number)s") % {"number": number}
        for number, value in enumerate(values, start=1)
    ]
    repeated = [name for name, count in Counter(header).items() if count > 1]
    if repeated:
        raise _error(
            _("Colonnes en double dans la ligne d'en-tête : %(names)s. Renommez-les."),
            names=", ".join(repeated),
        )
    if len(header) == 1 and len(_ORDINARY_CHAR.findall(header[0])) < 0.8 * len(header[0]):
        raise _refusal(
            _("%(this)s n'a pas de ligne d'en-tête lisible : ce n'est pas un tableau."),
            _("Ce fichier"),
        )
    return header


def _check_width(count):
    if count > MAX_COLUMNS:
        raise _error(
            _("Le fichier compte %(count)s colonnes ; la limite est de %(max)s."),
            count=count,
            max=MAX_COLUMNS,
        )


def _row(values, header, line):
    if len(values) < len(header):
        values = values + [""] * (len(header) - len(values))
    extra = next((value for value in values[len(header) :] if value.strip()), None)
    if extra is not None:
        raise _error(
            _(
                "Ligne %(line)s : %(count)s valeurs pour %(columns)s colonnes ; la valeur "
                "« %(value)s » est hors du tableau. Donnez un nom à sa colonne ou retirez-la."
            ),
            line=line,
            count=len(values),
            columns=len(header),
            value=extra.strip()[:40],
        )
    return dict(zip(header, values, strict=False))


# --- XLSX ---------------------------------------------------------------------------------------


def _read_xlsx(data):
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
        raise _error(_("La feuille « %(sheet)s » du classeur est vide."), sheet=sheet.title)
    # As in Excel's own CSV export, the table spans the widest row: blank names are filled in.
    width = max(len(values) for _line, values in records)
    header = _header(records[0][1] + [""] * (width - len(records[0][1])))
    rows = [(line, _row(values, header, line)) for line, values in records[1:]]
    _require_rows(header, rows)
    return Table(header, rows, "xlsx", "", sheet=sheet.title)


def _check_archive(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    if any(member.flag_bits & 0x1 for member in members):
        raise _password_protected(_("Ce classeur"))
    inflated = sum(member.file_size for member in members)
    if len(members) > MAX_XLSX_MEMBERS or inflated > MAX_XLSX_UNCOMPRESSED:
        raise _error(
            _(
                "Ce classeur occuperait plus de %(max)s Mo une fois décompressé : il est trop "
                "volumineux pour être importé. Enregistrez la feuille utile en CSV."
            ),
            max=MAX_XLSX_UNCOMPRESSED // 2**20,
        )


def _sheet_records(sheet):
    """(sheet row number, [cell text]) of each non-blank row, trailing empty cells dropped."""
    records = []
    for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = [_cell_text(value) for value in cells]
        while values and not values[-1].strip():
            values.pop()
        if not values:
            continue
        _check_width(len(values))
        for column, value in enumerate(values):
            if len(value) > MAX_CELL_CHARS:
                raise _long_cell(line, column, records[0][1] if records else None)
            if _CONTROL_CHARS.search(value):
                raise _error(
                    _("Ligne %(line)s, colonne %(column)s : caractère de contrôle à retirer."),
                    line=line,
                    column=column + 1,
                )
        records.append((line, values))
        if len(records) > MAX_ROWS + 1:
            raise _too_many_rows()
    return records


def _cell_text(value):
    """A cell as a person sees it: 14650 not 14650.0, 49.1923892 not 4.91923892e1."""
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
    return _error(
        _(
            "Ce classeur Excel n'a pas pu être lu : il est peut-être endommagé. Ouvrez-le dans "
            "Excel ou LibreOffice et enregistrez-le de nouveau au format .xlsx ou CSV."
        )
    )


# --- Shared -------------------------------------------------------------------------------------


def _error(message, **values):
    """An ImportFileError; numbers are written the French way (4 012) so staff read them."""
    if values:
        message %= {key: _number(v) if type(v) is int else v for key, v in values.items()}
    return ImportFileError(message)


def _long_cell(line, column, header):
    name = header[column].strip(_NAME_BLANKS) if header and column < len(header) else ""
    where = _("Ligne %(line)s, colonne %(column)s") % {"line": _number(line), "column": column + 1}
    if name:
        where = _("%(where)s (« %(name)s »)") % {"where": where, "name": name}
    return _error(
        _(
            "%(where)s : la cellule dépasse %(max)s caractères. Raccourcissez-la ; si elle "
            'englobe plusieurs lignes, un guillemet (") non refermé en est sans doute la cause.'
        ),
        where=where,
        max=MAX_CELL_CHARS,
    )


def _too_many_rows():
    return _error(
        _("Le fichier compte plus de %(max)s lignes de données : découpez-le."), max=MAX_ROWS
    )


def _require_rows(header, rows):
    if header is None:
        raise _error(_("Le fichier est vide."))
    if not rows:
        raise _error(_("Le fichier ne contient que la ligne d'en-tête : aucune ligne de données."))


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


def _number(value):
    """4 012 as French writes it, with a no-break space so a number never wraps."""
    return f"{value:,}".replace(",", "\xa0")
