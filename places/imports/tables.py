"""What the file readers share: the table they produce, its limits, and French errors."""

import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_CELL_CHARS = 10_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NAME_BLANKS = " \t\r\n\xa0\u202f\ufeff\u200b"
_ORDINARY_CHAR = re.compile(r"[\w\s'’.,;:()/°#&+\-«»\"!?%*@]")


class ImportFileError(Exception):
    """The file as a whole cannot be read; str(error) is a French sentence for staff."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict]]  # (line as staff find it in their spreadsheet, {column: text})
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252" or "xlsx"
    delimiter: str  # ";", ",", "\t", or "" for XLSX
    sheet: str = ""


def refusal(message, this, what=""):
    accepted = _(
        "Formats acceptés : CSV (séparateur point-virgule, virgule ou tabulation ; encodage UTF-8 "
        "ou Windows-1252) et classeur Excel .xlsx. Ouvrez le fichier dans Excel ou LibreOffice "
        "et enregistrez-le dans l'un de ces formats."
    )
    return file_error(f"{message % {'this': this, 'what': what}} {accepted}")


def password_protected(this):
    return file_error(
        _(
            "%(this)s est protégé par un mot de passe : retirez la protection dans Excel ou "
            "LibreOffice, enregistrez-le de nouveau, puis importez-le."
        ),
        this=this,
    )


def header_of(values):
    check_width(len(values))
    header = [
        value.strip(NAME_BLANKS) or _("colonne %(number)s") % {"number": number}
        for number, value in enumerate(values, start=1)
    ]
    repeated = [name for name, count in Counter(header).items() if count > 1]
    if repeated:
        raise file_error(
            _("Colonnes en double dans la ligne d'en-tête : %(names)s. Renommez-les."),
            names=", ".join(repeated),
        )
    if len(header) == 1 and len(_ORDINARY_CHAR.findall(header[0])) < 0.8 * len(header[0]):
        raise refusal(
            _("%(this)s n'a pas de ligne d'en-tête lisible : ce n'est pas un tableau."),
            _("Ce fichier"),
        )
    return header


def check_width(count):
    if count > MAX_COLUMNS:
        raise file_error(
            _("Le fichier compte %(count)s colonnes ; la limite est de %(max)s."),
            count=count,
            max=MAX_COLUMNS,
        )


def row_of(values, header, line):
    if len(values) < len(header):
        values = values + [""] * (len(header) - len(values))
    extra = next((value for value in values[len(header) :] if value.strip()), None)
    if extra is not None:
        raise file_error(
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


def file_error(message, **values):
    """An ImportFileError; numbers are written the French way (4 012) so staff read them."""
    if values:
        message %= {key: french_number(v) if type(v) is int else v for key, v in values.items()}
    return ImportFileError(message)


def long_cell(line, column, header):
    name = header[column].strip(NAME_BLANKS) if header and column < len(header) else ""
    where = _("Ligne %(line)s, colonne %(column)s") % {
        "line": french_number(line),
        "column": column + 1,
    }
    if name:
        where = _("%(where)s (« %(name)s »)") % {"where": where, "name": name}
    return file_error(
        _(
            "%(where)s : la cellule dépasse %(max)s caractères. Raccourcissez-la ; si elle "
            'englobe plusieurs lignes, un guillemet (") non refermé en est sans doute la cause.'
        ),
        where=where,
        max=MAX_CELL_CHARS,
    )


def too_many_rows():
    return file_error(
        _("Le fichier compte plus de %(max)s lignes de données : découpez-le."), max=MAX_ROWS
    )


def require_rows(header, rows):
    if header is None:
        raise file_error(_("Le fichier est vide."))
    if not rows:
        raise file_error(
            _("Le fichier ne contient que la ligne d'en-tête : aucune ligne de données.")
        )


def french_number(value):
    """4 012 as French writes it, with a no-break space so a number never wraps."""
    return f"{value:,}".replace(",", "\xa0")
