"""Finding a commune from what a file or an editor wrote: any spelling, postcode or code."""

import re

from tierslieux.search import normalize

# Abbreviations files use for the words of commune names.
_WORDS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_CEDEX = re.compile(r"\bcedex\b.*$")


def normalize_commune(name):
    """`St-Germain-en-Laye CEDEX 3` → `saint germain en laye`; `Vire S/ Noireau` → `vire sur noireau`."""
    text = re.sub(r"\b[sS]/\s*", " sur ", str(name or ""))
    text = _CEDEX.sub("", normalize(text))
    return " ".join(_WORDS.get(word, word) for word in text.split())


def search_key(name, postcodes="", code=""):
    """What the admin's commune search looks through: name, postcodes and INSEE code."""
    return " ".join(part for part in (normalize_commune(name), postcodes, code.lower()) if part)
