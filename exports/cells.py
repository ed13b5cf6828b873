"""What a cell holds, and its text in a spreadsheet: kinds, formula neutralisation, lists.

Every format agrees on these: the CSV writer renders whole columns of them (`csv_cells`), the
XLSX writer the lists of related values, the importer reverses `neutralise()`.
"""

from django.utils import timezone

# A spreadsheet treats a cell starting with one of these as a formula (or as the start of one).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARACTERS = frozenset(FORMULA_PREFIXES)

LIST_SEPARATOR = " | "
RECORD_SEPARATOR = " : "


class Kind:
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"


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


def text_cell(value):
    # neutralise(), for the rare column that has a cell to neutralise.
    if not value:
        return ""
    if value[0] in FORMULA_CHARACTERS:
        return "'" + value
    return value


def integer_cell(value):
    return "" if value is None else str(value)


def decimal_cell(value):
    # No thousands separator: French spreadsheets read `1234,5` as a number, `1 234,5` as text.
    return "" if value is None else format(value, "f").replace(".", ",")


def date_cell(value):
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def datetime_cell(value, zone=None):
    if value is None:
        return ""
    value = value.astimezone(zone or timezone.get_current_timezone())
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d} {value.hour:02d}:{value.minute:02d}"


def boolean_cell(value):
    return "" if value is None else ("oui" if value else "non")


# Kind → the spreadsheet text of one Python value (what the ORM returns).
CSV_FORMATTERS = {
    Kind.TEXT: text_cell,
    Kind.INTEGER: integer_cell,
    Kind.DECIMAL: decimal_cell,
    Kind.DATE: date_cell,
    Kind.DATETIME: datetime_cell,
    Kind.BOOLEAN: boolean_cell,
}


def item_text(column):
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


def list_text(column):
    """Spreadsheet text for a related list: `Coworking | Fablab`, `Ligne : 30000000,00`."""
    render_item = item_text(column)
    return lambda items: neutralise(LIST_SEPARATOR.join(render_item(item) for item in items))
