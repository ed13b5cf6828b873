"""Text as the search compares it: case, accents, punctuation and elided articles left out."""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

MAX_TERMS = 10
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# « l'atelier », « d’Hérouville », « jusqu'à »: the article is not a word anyone searches for.
# `\b` keeps « aujourd'hui » whole.
ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’ʼ´`]", re.IGNORECASE)
# The same articles once normalised (`l atelier`), at the start of a title.
NORMALISED_ARTICLE = r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu) "


def normalize(text):
    """`L'Atelier NORMAND – Carpiquet` → `l atelier normand carpiquet`."""
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    without_accents = without_accents.replace("œ", "oe").replace("æ", "ae")
    return _NOT_WORD.sub(" ", without_accents).strip()


@cache
def fuzzy():
    """rapidfuzz's `fuzz` and `process` modules, for the search for typos and the duplicate
    finder: imported by the first comparison, not by every worker at start (3 MiB), and looked
    up once, not at each of the many comparisons that follow."""
    from rapidfuzz import fuzz, process

    return fuzz, process


def build_search_text(*parts):
    return normalize(" ".join(str(part) for part in parts if part))


def words(text):
    """The words a text is searched by: `L’Atelier-Normand` → `["atelier", "normand"]`."""
    return normalize(ELISION.sub(" ", str(text or ""))).split()


@dataclass(frozen=True)
class Terms:
    """What a visitor typed, ready for the search: each word must match as a prefix."""

    words: tuple
    # The whole query normalised, articles kept (`l atelier`): a title that starts the same way
    # as typed comes before one that only shares the words.
    typed: str

    @property
    def bare(self):
        return " ".join(self.words)


def parse(query):
    """The query's words (ten at most), or None when it has none: `" ’ -- "` searches nothing."""
    found = words(query)[:MAX_TERMS]
    if not found:
        return None
    return Terms(words=tuple(found), typed=normalize(query))
