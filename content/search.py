"""Case- and accent-insensitive text search that behaves the same on SQLite and PostgreSQL.

SQLite has no `unaccent`, so each searchable row keeps a normalised copy of its text
(`search_text`) and the query is normalised the same way before a plain `contains`.
"""

import re
import unicodedata
from functools import reduce
from operator import and_

from django.db.models import Q

MAX_TERMS = 10
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text):
    """`L'Atelier NORMAND – Carpiquet` → `l atelier normand carpiquet`."""
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    without_accents = without_accents.replace("œ", "oe").replace("æ", "ae")
    return _NOT_WORD.sub(" ", without_accents).strip()


def build_search_text(*parts):
    return normalize(" ".join(str(part) for part in parts if part))


def search_condition(query, field="search_text"):
    """Every word of the query must appear; None when the query has no word at all."""
    terms = normalize(query).split()[:MAX_TERMS]
    if not terms:
        return None
    return reduce(and_, (Q(**{f"{field}__contains": term}) for term in terms))
