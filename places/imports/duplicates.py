"""Probable duplicates: one place under slightly different names, from one dataset or several.

Used by the importer (rows of a file against the places on the site) and by the admin (places
against places). Comparing everything with everything would be 400 million pairs for 20,000
rows and 20,000 places: candidates are blocked by department, then by commune, postcode and a
5 km grid; in dense cities rapidfuzz's C loops screen the names, and only the few pairs that
pass are judged in Python.

A pair is a probable duplicate when
(a) the places are in the same commune or in neighbouring ones, and their names are alike; or
(b) they stand within NEAR_METRES of each other and share a significant word or a website.
No commune adjacency data is available offline: communes sharing a postcode, or two points
within NEIGHBOUR_METRES, stand in for neighbours.
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from content.search import normalize
from content.search.text import fuzzy
from places.geography import department_of_commune_code
from places.models import Place

# "Atelier du Bois" / "Atelier du Port" score 75–85 (one shared word, one different word);
# "1624 Coworkin" / "1624 Cowork in" and real typos score 90 and more.
NAME_SIMILAR = 88
# Names that both have words of their own: those words must look alike (a typo, an
# abbreviation), else "Pépinière d'entreprises Nord" would match "… Sud" (score 91).
OWN_WORDS_SIMILAR = 75
NEIGHBOUR_METRES = 5000
NEAR_METRES = 200


def _word_set(text):
    return frozenset(text.split())


ARTICLES = _word_set("le la les l the")
STOPWORDS = ARTICLES | _word_set("de du des d et en a au aux sur un une of and")
LEGAL_FORMS = _word_set("association asso scic scop sas sasu sarl sci eurl")
# Words many places carry: sharing one says nothing about being the same place.
GENERIC_WORDS = _word_set(
    "atelier ateliers cafe centre coworking espace fablab lieu lieux maison pole tiers "
    "associatif associative collaboratif partage"
)
_TIERS_LIEU = re.compile(r"\b(?:tiers ?lieux?|3 ?lieux)\b")
# Hosts that serve many unrelated pages: two places on facebook.com are not one place.
SHARED_HOSTS = _word_set(
    "facebook.com fb.com instagram.com linkedin.com twitter.com x.com youtube.com google.com "
    "sites.google.com linktr.ee helloasso.com wordpress.com wixsite.com over-blog.com "
    "blogspot.com jimdofree.com"
)

_METRES_PER_DEGREE = 111_320
# Grid cells, in degrees of latitude: a point's 3 × 3 cells hold every point within
# NEAR_METRES (near grid) or NEIGHBOUR_METRES (wide grid). Longitude cells are twice as many
# degrees wide, which is at least as many metres up to 60°N.
_NEAR_CELL = 0.002  # 222 m
_WIDE_CELL = 0.05  # 5.6 km
# Above this many neighbours, names are screened by rapidfuzz's C loop before Python looks.
_SCREEN_FROM = 24


def comparable_name(name, commune_names=()):
    """`L’Atelier Normand – tiers-lieu, Caen` (commune Caen) → `atelier normand`.

    Never empty when the name had words: a name made only of stripped words ("Le Tiers-Lieu",
    "Nantes" in Nantes) falls back to its last non-empty form.
    """
    # Each stage strips more; the last non-empty one is kept.
    stages = [normalize(name)]
    stages.append(" ".join(_without_articles(stages[0].split())))
    words = [word for word in _TIERS_LIEU.sub(" ", stages[1]).split() if word not in LEGAL_FORMS]
    words = _without_articles(words)
    stages.append(" ".join(words))
    stages.append(" ".join(_without_trailing_commune(words, commune_names)))
    return next((stage for stage in reversed(stages) if stage), "")


def _without_articles(words):
    while words and words[0] in ARTICLES:
        words = words[1:]
    return words


def _without_trailing_commune(words, commune_names):
    for commune in commune_names:
        commune_words = normalize(commune).split()
        if commune_words and words[-len(commune_words) :] == commune_words:
            words = words[: -len(commune_words)]
            # "Le Hub de Caen" → "hub de" → "hub".
            while words and words[-1] in STOPWORDS:
                words = words[:-1]
            break
    return words


@dataclass(frozen=True)
class Candidate:
    """What is compared, for rows and places alike."""

    key: object  # row key or place id
    name: str
    commune_code: str
    department_code: str
    postcodes: tuple
    latitude: float | None
    longitude: float | None
    commune_name: str = ""
    website: str = ""


@dataclass(frozen=True)
class Match:
    place_id: int
    score: int  # 0–100
    reasons: tuple  # French phrases, shown to staff


class _Entry:
    """A candidate with everything the comparison needs, computed once."""

    def __init__(self, candidate):
        self.candidate = candidate
        self.commune = normalize(candidate.commune_name)
        self.comparable = comparable_name(candidate.name, (candidate.commune_name,))
        tokens = self.comparable.split()
        words = [word for word in tokens if word not in STOPWORDS] or tokens
        self.words = frozenset(words)
        self.key = " ".join(words)
        # What token_set_ratio compares when two names share no word.
        self.sorted_key = " ".join(sorted(self.words))
        # "Cowork'in" and "COWORKIN'" differ only by a space.
        self.compact = self.comparable.replace(" ", "")
        significant = {word for word in self.words if len(word) > 1 or word.isdigit()}
        self.significant = frozenset(significant - GENERIC_WORDS or significant)
        self.department = candidate.department_code or department_of_commune_code(
            candidate.commune_code
        )
        self.site = _site(candidate.website)
        has_point = candidate.latitude is not None and candidate.longitude is not None
        self.latitude = float(candidate.latitude) if has_point else None
        self.longitude = float(candidate.longitude) if has_point else None


def _site(url):
    """`https://www.Example.org/a` → `example.org`; on a shared host, `facebook.com/lieu`."""
    if not url:
        return ""
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").removeprefix("www.")
    if host in SHARED_HOSTS:
        page = parts.path.strip("/").partition("/")[0].casefold()
        return f"{host}/{page}" if page else ""
    return host


def _distance(a, b):
    """Metres between two points, or None; flat-earth is exact enough under 10 km."""
    if a.latitude is None or b.latitude is None:
        return None
    mean_latitude = math.radians((a.latitude + b.latitude) / 2)
    north = (a.latitude - b.latitude) * _METRES_PER_DEGREE
    east = (a.longitude - b.longitude) * _METRES_PER_DEGREE * math.cos(mean_latitude)
    return math.hypot(north, east)


def _cell(entry, size):
    return (math.floor(entry.latitude / size), math.floor(entry.longitude / (size * 2)))


def _around(grid, entry, size):
    """What a grid holds in the 3 × 3 cells around a point, as a set."""
    row, column = _cell(entry, size)
    found = set()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            found.update(grid.get((row + dy, column + dx), ()))
    return found


def _format_distance(metres):
    if metres < 1000:
        return _("à %(metres)s m") % {"metres": max(10, int(round(metres, -1)))}
    kilometres = f"{metres / 1000:.1f}".replace(".", ",")
    return _("à %(kilometres)s km") % {"kilometres": kilometres}


def _name_similarity(a, b):
    """(alike, score 0–100, reason): how much two names say they are the same place."""
    fuzz, _process = fuzzy()
    if a.comparable == b.comparable or a.compact == b.compact:
        return True, 100, _("même nom")
    compact_score = round(fuzz.ratio(a.compact, b.compact))
    only_a, only_b = a.words - b.words, b.words - a.words
    if not only_a and not only_b:
        # Same words, other small words between them: "Atelier du Bois" / "Atelier des Bois".
        return True, max(95, compact_score), _("mêmes mots dans le nom")
    if not only_a or not only_b:
        # token_set_ratio says 100 for any name inside another: "La Cantine" is inside
        # "La Cantine Numérique", which may be another place. Two significant words in the
        # shorter name, or only generic words added, are needed.
        shorter, extra = (a, only_b) if not only_a else (b, only_a)
        if len(shorter.significant) >= 2 or extra <= GENERIC_WORDS:
            return True, max(90, compact_score), _("un nom contient l'autre")
        return False, compact_score, ""
    score = max(round(fuzz.token_set_ratio(a.key, b.key)), compact_score)
    if score < NAME_SIMILAR:
        return False, score, ""
    own_words = fuzz.ratio(" ".join(sorted(only_a)), " ".join(sorted(only_b)))
    if own_words < OWN_WORDS_SIMILAR:
        return False, min(score, NAME_SIMILAR - 1), ""
    return True, score, _("nom très proche (%(score)s %%)") % {"score": score}


def _location(a, b, distance):
    """(closeness 0–100, reason) when the places are in one commune or neighbours, else None."""
    if a.candidate.commune_code and b.candidate.commune_code:
        if a.candidate.commune_code == b.candidate.commune_code:
            return 100, _("même commune")
    elif a.commune and a.commune == b.commune:
        return 95, _("même commune")
    shared = sorted(set(a.candidate.postcodes) & set(b.candidate.postcodes) - {""})
    if shared:
        return 85, _("communes voisines (même code postal %(postcode)s)") % {"postcode": shared[0]}
    if distance is not None and distance <= NEIGHBOUR_METRES:
        return 85, _("communes voisines")
    return None


def _judge(a, b):
    """(Match for place `b`, distance or None) when `a` is probably the same place, else None."""
    distance = _distance(a, b)
    location = _location(a, b, distance)
    alike, name_score, name_reason = _name_similarity(a, b)
    same_site = bool(a.site) and a.site == b.site
    reasons = []
    if alike and location:
        closeness, location_reason = location
        score = round(0.8 * name_score + 0.2 * closeness)
        reasons = [name_reason, location_reason]
    elif distance is not None and distance <= NEAR_METRES:
        shared = sorted(a.significant & b.significant)
        if not shared and not same_site:
            return None
        # Near points with little name in common: the distance does most of the talking.
        nearness = 100 - 20 * distance / NEAR_METRES
        score = round(0.5 * name_score + 0.5 * nearness)
        reasons = [name_reason] if alike else []
        if shared:
            reasons.append(_("mot en commun : « %(words)s »") % {"words": ", ".join(shared)})
    else:
        return None
    if distance is not None:
        reasons.append(_format_distance(distance))
    if same_site:
        score += 10
        reasons.append(_("même site web (%(site)s)") % {"site": a.site})
    return Match(place_id=b.candidate.key, score=min(100, score), reasons=tuple(reasons)), distance


class _Block:
    """The places of one department, indexed by where they are."""

    def __init__(self):
        self.entries = []
        self.keys = []
        self.sorted_keys = []
        self.compacts = []
        self.by_word = defaultdict(list)
        self.by_code = defaultdict(list)
        self.by_commune = defaultdict(list)
        self.by_commune_without_code = defaultdict(list)
        self.by_postcode = defaultdict(list)
        self.near_grid = defaultdict(list)
        self.wide_grid = defaultdict(list)

    def add(self, entry):
        index = len(self.entries)
        self.entries.append(entry)
        self.keys.append(entry.key)
        self.sorted_keys.append(entry.sorted_key)
        self.compacts.append(entry.compact)
        for word in entry.words:
            self.by_word[word].append(index)
        code = entry.candidate.commune_code
        if code:
            self.by_code[code].append(index)
        if entry.commune:
            self.by_commune[entry.commune].append(index)
            if not code:
                self.by_commune_without_code[entry.commune].append(index)
        for postcode in entry.candidate.postcodes:
            if postcode:
                self.by_postcode[postcode].append(index)
        if entry.latitude is not None:
            self.near_grid[_cell(entry, _NEAR_CELL)].append(index)
            self.wide_grid[_cell(entry, _WIDE_CELL)].append(index)

    def neighbours(self, entry):
        """Indexes of places in the same or a neighbouring commune: a superset of _location."""
        found = set()
        code = entry.candidate.commune_code
        if code:
            found.update(self.by_code.get(code, ()))
            found.update(self.by_commune_without_code.get(entry.commune, ()))
        elif entry.commune:
            found.update(self.by_commune.get(entry.commune, ()))
        for postcode in entry.candidate.postcodes:
            found.update(self.by_postcode.get(postcode, ()))
        if entry.latitude is not None:
            found.update(_around(self.wide_grid, entry, _WIDE_CELL))
        return found

    def to_judge(self, entry):
        """Indexes of places worth judging: alike-named neighbours, and near points."""
        neighbours = self.neighbours(entry)
        if len(neighbours) < _SCREEN_FROM:
            return neighbours
        # A dense city: rapidfuzz's C loops drop the many neighbours with unlike names. Each
        # screen lets through a superset of what _name_similarity keeps: names sharing no word
        # are alike only if their sorted words or their compact forms score NAME_SIMILAR;
        # names sharing a word, only if token_set_ratio does (slower: run on those only).
        hits = set()
        # Most of the department is near: screening all of it beats picking the neighbours out.
        indexes = None if 3 * len(neighbours) > len(self.entries) else list(neighbours)
        for query, column in ((entry.sorted_key, self.sorted_keys), (entry.compact, self.compacts)):
            hits.update(self._screen(query, column, indexes))
        hits &= neighbours
        sharing = {
            index for word in entry.words for index in self.by_word.get(word, ())
        } & neighbours
        if sharing:
            scorer = fuzzy()[0].token_set_ratio
            hits.update(self._screen(entry.key, self.keys, list(sharing), scorer))
        if entry.latitude is not None:
            hits.update(_around(self.near_grid, entry, _NEAR_CELL))
        return hits

    @staticmethod
    def _screen(query, column, indexes, scorer=None):
        """Indexes (among `indexes`, or all) whose value in `column` scores NAME_SIMILAR (by
        `fuzz.ratio` unless another scorer is given)."""
        fuzz, process = fuzzy()
        choices = column if indexes is None else [column[index] for index in indexes]
        found = process.extract(
            query, choices, scorer=scorer or fuzz.ratio, score_cutoff=NAME_SIMILAR, limit=None
        )
        if indexes is None:
            return [position for _choice, _score, position in found]
        return [indexes[position] for _choice, _score, position in found]


class DuplicateFinder:
    """Finds, among known places, those a row (or another place) probably duplicates."""

    def __init__(self, places: Iterable[Candidate]):
        self._entries = []
        self._blocks = defaultdict(_Block)
        for candidate in places:
            entry = _Entry(candidate)
            self._entries.append(entry)
            if entry.department:
                self._blocks[entry.department].add(entry)

    @classmethod
    def for_site(cls, queryset=None):
        queryset = Place.objects.all() if queryset is None else queryset
        # In Candidate's order; _Entry turns the Decimal coordinates into floats.
        rows = queryset.order_by().values_list(
            "id",
            "name",
            "commune_code",
            "department__code",
            "postcode",
            "latitude",
            "longitude",
            "commune_name",
            "website",
        )
        return cls(
            Candidate(pk, name, code, department, (postcode,) if postcode else (), *rest)
            for pk, name, code, department, postcode, *rest in rows
        )

    def matches(self, row: Candidate, exclude=()) -> list[Match]:
        """Probable duplicates of `row`, best first."""
        return self._matches(_Entry(row), set(exclude))

    def _matches(self, entry, exclude):
        block = self._blocks.get(entry.department)
        if block is None or not entry.comparable:
            return []
        found = []
        for index in block.to_judge(entry):
            other = block.entries[index]
            if other.candidate.key in exclude:
                continue
            judged = _judge(entry, other)
            if judged:
                found.append(judged)
        found.sort(key=lambda item: (-item[0].score, math.inf if item[1] is None else item[1]))
        return [match for match, _distance_ in found]


def site_duplicates(queryset=None, limit=None):
    """Probable duplicate pairs among the site's places, each once: [(a_id, b_id, Match)].

    Best first; `Match.place_id` is b_id.
    """
    finder = DuplicateFinder.for_site(queryset)
    pairs = {}
    for entry in finder._entries:
        key = entry.candidate.key
        for match in finder._matches(entry, {key}):
            pair = (min(key, match.place_id), max(key, match.place_id))
            if pair not in pairs:
                pairs[pair] = replace(match, place_id=pair[1])
    ordered = sorted(pairs.items(), key=lambda item: (-item[1].score, item[0]))
    if limit is not None:
        ordered = ordered[:limit]
    return [(a, b, match) for (a, b), match in ordered]
