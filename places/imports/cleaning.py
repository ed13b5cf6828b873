"""Turning the text of a cell into a value, the way a careful person would.

Each function that may change or refuse a value takes the row's result and appends to its
`corrections` ([kind, message]) or `reasons` (why the row is rejected), in French.
"""

import datetime
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from content.dates import DatePrecision, PartialDate, parse_iso_partial_date
from content.search import normalize
from exports.cells import unneutralise

WEBSITE_MAX_LENGTH = 300
COORDINATE_PLACES = Decimal("0.0000001")
# Cells that say "nothing here": spreadsheet errors and the usual placeholders.
MISSING_MARKERS = {"#n/a", "#na", "n/a", "na", "#ref!", "#valeur!", "#value!", "-", "--", "?", "nc"}
_WHITESPACE = re.compile(r"\s+")
_validate_url = URLValidator(schemes=["http", "https"])
# "12 rue de la Paix, 44000 Nantes Cedex 1": the last postcode of the cell splits it.
_POSTCODE_IN_ADDRESS = re.compile(r"(?:^|[\s,;])(\d{5}|\d{2}\s\d{3})(?=\s|,|$)")
# `12/08/2019` or `08/2019`: a spreadsheet's date cell as places.imports.xlsx reads it, and a day
# of an export opened and saved again in French Excel.
_FRENCH_PARTIAL_DATE = re.compile(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})", re.ASCII)
# `août 2019`, `12 août 2019`, `1er août 2019`, and French Excel's month formats `août-19` and
# `janv.-19`, compared once accents, case and punctuation are gone (content.search.normalize).
_MONTH_NAME_DATE = re.compile(r"(?:(\d{1,2})(?:er)? )?([a-z]+) (\d{4}|\d{2})", re.ASCII)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("janvier", "janv", "jan"),
            ("fevrier", "fevr", "fev"),
            ("mars", "mar"),
            ("avril", "avr"),
            ("mai",),
            ("juin",),
            ("juillet", "juil"),
            ("aout",),
            ("septembre", "sept", "sep"),
            ("octobre", "oct"),
            ("novembre", "nov"),
            ("decembre", "dec"),
        ],
        start=1,
    )
    for name in names
}
TRUE_WORDS = {"oui", "vrai", "true", "1", "o", "x", "yes"}
FALSE_WORDS = {"non", "faux", "false", "0", "n", "no"}


def clean_text(value):
    """Spaces (non-breaking ones included) collapsed and trimmed; a formula guard removed."""
    return _WHITESPACE.sub(" ", unneutralise(str(value or "")).strip()).strip()


def clean_paragraphs(value):
    """Long text as it was typed, line breaks included, without a formula guard."""
    return unneutralise(str(value or "")).strip()


def is_missing(text):
    return not text or text.casefold() in MISSING_MARKERS


def repair_mojibake(text):
    """`chezmÃ©mÃ©` → `chezmémé`: UTF-8 read once as Windows-1252, as some census rows were."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def cleaned(value, row, label):
    text = clean_text(value)
    # Before collapsing spaces: a mangled non-breaking space is "Â" followed by one.
    repaired = clean_text(repair_mojibake(unneutralise(str(value or ""))))
    if repaired != text:
        row.corrections.append(
            [
                "text_repaired",
                _("%(label)s : texte réencodé, « %(old)s » devient « %(new)s ».")
                % {"label": label, "old": text, "new": repaired},
            ]
        )
    return repaired


def _as_url(token):
    token = token.strip("[]<>()\"',;")
    if not token:
        return ""
    url = token if re.match(r"^https?://", token, re.IGNORECASE) else f"https://{token}"
    try:
        _validate_url(url)
    except ValidationError:
        return ""
    return url if len(url) <= WEBSITE_MAX_LENGTH else ""


def normalise_website(text, row):
    """A usable address or nothing: scheme added, a Facebook page kept as the site, text
    around an address dropped, and anything that is not an address left out."""
    if not text:
        return ""
    url = next(filter(None, map(_as_url, re.split(r"[\s|]+", text))), "")
    if not url:
        row.corrections.append(
            [
                "website_dropped",
                _("Site web « %(text)s » ignoré : ce n'est pas une adresse web.") % {"text": text},
            ]
        )
    elif url not in (text, f"https://{text}"):
        row.corrections.append(
            [
                "website_extracted",
                _("Site web « %(text)s » réduit à l'adresse %(url)s.") % {"text": text, "url": url},
            ]
        )
    return url


def parse_decimal(text):
    text = clean_text(text).replace(",", ".").replace(" ", "")
    if not text:
        return None
    value = Decimal(text)  # InvalidOperation is the caller's to report
    if not value.is_finite():
        raise InvalidOperation(text)
    return value


def parse_coordinates(latitude_text, longitude_text, row):
    try:
        latitude = parse_decimal(latitude_text)
        longitude = parse_decimal(longitude_text)
    except InvalidOperation:
        row.reasons.append(
            _("Coordonnées illisibles : « %(lat)s », « %(lon)s ».")
            % {"lat": latitude_text, "lon": longitude_text}
        )
        return None, None
    if (latitude is None) != (longitude is None):
        row.reasons.append(_("Latitude et longitude vont ensemble : l'une des deux manque."))
        return None, None
    if latitude is None:
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        row.reasons.append(
            _("Coordonnées impossibles : (%(lat)s, %(lon)s).") % {"lat": latitude, "lon": longitude}
        )
        return None, None
    return at_most_seven_places(latitude), at_most_seven_places(longitude)


def at_most_seven_places(value):
    # The model keeps seven decimals (about a centimetre); some sources give more.
    if value.as_tuple().exponent < COORDINATE_PLACES.as_tuple().exponent:
        return value.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_EVEN)
    return value


def decimal_text(value):
    """Coordinates as compared between imports: `47.245935` and `47.2459350` are one value."""
    return "" if value is None else str(value.quantize(COORDINATE_PLACES))


def parse_postcode(text, row):
    text = clean_text(text).replace(" ", "")
    if not text:
        return ""
    if len(text) == 4 and text.isdigit():
        # A spreadsheet dropped the leading zero of 01000.
        row.corrections.append(
            ["postcode_padded", _("Code postal %(old)s complété en 0%(old)s.") % {"old": text}]
        )
        text = "0" + text
    if not re.fullmatch(r"\d{5}", text):
        row.reasons.append(
            _("Code postal « %(value)s » invalide : cinq chiffres attendus.") % {"value": text}
        )
        return ""
    return text


def parse_commune_code(text, row):
    text = clean_text(text).upper().replace(" ", "")
    if not text:
        return ""
    if len(text) == 4 and text.isdigit():
        text = "0" + text
    if not re.fullmatch(r"\d{5}|2[AB]\d{3}", text):
        row.reasons.append(
            _("Code commune « %(value)s » invalide : cinq caractères attendus (ex. 14118, 2A004).")
            % {"value": text}
        )
        return ""
    return text


def parse_department_code(text):
    text = clean_text(text).upper()
    if len(text) == 1 and text.isdigit():
        return "0" + text
    return text


def parse_integer(text, label, row):
    text = clean_text(text).replace(" ", "").replace("\u202f", "")
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit() and len(text) <= 9:
        return int(text)
    row.reasons.append(
        _("%(column)s « %(value)s » invalide : un nombre entier est attendu.")
        % {"column": label, "value": text}
    )
    return None


def parse_boolean(text, label, row):
    word = normalize(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS or not word:
        return False
    row.reasons.append(
        _("%(column)s « %(value)s » invalide : « oui » ou « non » attendu.")
        % {"column": label, "value": text}
    )
    return False


def parse_datetime_fr(text):
    text = clean_text(text)
    if not text:
        return None
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"):
        try:
            return timezone.make_aware(datetime.datetime.strptime(text, pattern))
        except ValueError:
            continue
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _month_name_date(text):
    """(day or None, month, year) of `août 2019`, `1er août 2019` or `août-19`; None otherwise.

    A two-digit year is read as Excel reads it: 00 to 29 in this century, 30 to 99 in the last.
    """
    found = _MONTH_NAME_DATE.fullmatch(normalize(text))
    if found is None or found.group(2) not in MONTHS:
        return None
    day, month, year = found.groups()
    year = int(year)
    if year < 100:
        year += 2000 if year < 30 else 1900
    return (int(day) if day else None), MONTHS[month], year


def parse_partial_date(text, label, column, row):
    """A PartialDate from `2019`, `2019-08`, `2019-08-12` (the export's form), `08/2019`,
    `12/08/2019`, `août 2019` or `août-19` (French Excel's month format); None for an empty
    cell, or a reason in `row` for anything else."""
    text = clean_text(text)
    if not text:
        return None
    try:
        french = _FRENCH_PARTIAL_DATE.fullmatch(text)
        if french is not None:
            day, month, year = (int(part) if part else None for part in french.groups())
        elif (named := _month_name_date(text)) is not None:
            day, month, year = named
        else:
            return parse_iso_partial_date(text)
        value = datetime.date(year, month, day or 1)
        return PartialDate(value, DatePrecision.DAY if day else DatePrecision.MONTH)
    except ValueError:
        row.reasons.append(
            _(
                "%(label)s « %(value)s » invalide (colonne %(column)s) : une date AAAA, AAAA-MM "
                "ou AAAA-MM-JJ est attendue, ex. : 2019, 2019-08, 2019-08-12 ou août 2019."
            )
            % {"label": label, "value": text, "column": column}
        )
        return None


def split_list(text):
    """Items of a list cell: `Coworking | Fablab`, `Coworking, Fablab`, `Coworking; Fablab`."""
    return [item.strip() for item in re.split(r"[|;,\n]", text or "") if item.strip()]


def split_address(text):
    """(street, postcode, commune) from one cell: "12 rue X, 44000 Nantes" → the three parts.

    The last five-digit group followed by words is the postcode; a cell without one is all
    street. "Cedex" and what follows it stays with the commune (the commune matching drops it).
    """
    text = clean_text(text)
    matches = list(_POSTCODE_IN_ADDRESS.finditer(text))
    if not matches:
        return text, "", ""
    found = matches[-1]
    street = text[: found.start(1)].strip(" ,;-")
    commune = text[found.end(1) :].strip(" ,;-")
    return street, found.group(1).replace(" ", ""), commune
