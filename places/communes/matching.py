"""Finding a commune from what a file or an editor wrote: any spelling, postcode or code."""

import re

from content.search import normalize

# Abbreviations files use for the words of commune names.
_WORDS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_CEDEX = re.compile(r"\bcedex\b.*$")
# "Havre (Le)", "Isle-Adam (L')": the article some lists put at the end.
_TRAILING_ARTICLE = re.compile(r"^\s*(.+?)\s*\(\s*(le|la|les|l')\s*\)\s*$", re.IGNORECASE)
# "paris 18e", "lyon 3eme", "paris xviiie", "marseille 13e arrondissement", "paris 1er arr"
_ARRONDISSEMENT = re.compile(
    r"^(paris|lyon|marseille) (\d{1,2}|[ivxl]+) ?(?:er|e|eme|ieme|em|me|e me)?"
    r"(?: (?:arrondissement|arrondis|arrdt|arrt|arr))?$"
)
ARRONDISSEMENT_COUNTS = {"paris": 20, "lyon": 9, "marseille": 16}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE = re.compile(r"^\d{5}$")


def normalize_commune(name):
    """`St-Germain-en-Laye CEDEX 3` → `saint germain en laye`;
    `Bar S/ Seine` → `bar sur seine`."""
    text = re.sub(r"\b[sS]/\s*", " sur ", str(name or ""))
    text = _CEDEX.sub("", normalize(text))
    return " ".join(_WORDS.get(word, word) for word in text.split())


def search_key(name, postcodes="", code=""):
    """What the admin's commune search looks through: name, postcodes and INSEE code."""
    return " ".join(part for part in (normalize_commune(name), postcodes, code.lower()) if part)


def _roman(text):
    values = [_ROMAN[char] for char in text]
    total = sum(
        -value if index + 1 < len(values) and value < values[index + 1] else value
        for index, value in enumerate(values)
    )
    return total if total > 0 else None


def arrondissement_key(key):
    """`paris xviiie` → `paris 18e arrondissement`, the official name normalised; else None."""
    match = _ARRONDISSEMENT.match(key)
    if not match:
        return None
    city, number = match.groups()
    number = int(number) if number.isdigit() else _roman(number)
    if not number or number > ARRONDISSEMENT_COUNTS[city]:
        return None
    return f"{city} {number}{'er' if number == 1 else 'e'} arrondissement"


def commune_key(name):
    """The key official names are indexed under, from any way a file writes a commune:
    `HAVRE (LE)` → `le havre`, `Lyon 3ème` → `lyon 3e arrondissement`. Official names come
    out as `normalize_commune` gives them, so both sides meet."""
    text = str(name or "")
    article = _TRAILING_ARTICLE.match(text)
    if article:
        text = f"{article.group(2)} {article.group(1)}"
    key = normalize_commune(text)
    return arrondissement_key(key) or key


def clean_commune_code(value):
    """`14137`, `2a004`, `1001` (a spreadsheet ate the zero), `14137.0` → the INSEE code; `0`
    or nonsense → ""."""
    text = str(value or "").strip().upper()
    text = re.sub(r"\.0+$", "", text)
    if text.isdigit() and len(text) == 4:
        text = "0" + text
    return text if COMMUNE_CODE.match(text) else ""
