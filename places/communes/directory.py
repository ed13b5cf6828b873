"""The commune list in memory, for work that looks up thousands of communes: an import.

`CommuneDirectory.load()` reads the `Commune` and `Department` tables in two queries (a few
tenths of a second for 37,500 rows) and answers every lookup from dictionaries. It is a
snapshot: build one per import and pass it around, never keep one across requests.
"""

from bisect import bisect_left
from functools import cached_property
from itertools import islice, takewhile
from typing import NamedTuple

from content.search import normalize
from places.communes.matching import (
    COMMUNE_CODE,
    POSTCODE,
    clean_commune_code,
    commune_key,
)
from places.communes.reconciliation import (
    CORRECTION_LABELS,
    AddressInput,
    AddressResult,
    reconcile,
)
from places.geography import departments_at
from places.models import Commune, Department

__all__ = [
    "CORRECTION_LABELS",
    "AddressInput",
    "AddressResult",
    "CommuneDirectory",
    "load_directory",
]

KIND_ORDER = {"COM": 0, "ARM": 1, "COMD": 2, "COMA": 3}
PLACE_KINDS = frozenset(Commune.PLACE_KINDS)
_ARTICLES = ("le ", "la ", "les ", "l ")
CORSICA_BEFORE_1976 = "20"


class Entry(NamedTuple):
    id: int
    code: str
    kind: str
    name: str
    department_code: str
    parent_id: int | None
    postcodes: tuple
    former_codes: tuple
    population: int
    key: str


def _name_key(search_text, postcodes):
    """The normalised name, cut from the stored search text rather than recomputed (that
    halves the loading time): `search_key` puts the postcodes and the code after the name."""
    words_after = postcodes.count(" ") + 2 if postcodes else 1
    return search_text.rsplit(" ", words_after)[0]


def load_directory():
    """A directory for one import: the caller keeps it for that import and passes it on."""
    return CommuneDirectory.load()


class CommuneDirectory:
    def __init__(self, rows, departments):
        self.departments = {department.code: department for department in departments}
        by_id = {department.pk: department.code for department in departments}
        self._entries = {}
        self._by_code = {}
        self._by_key = {}
        self._by_postcode = {}
        self._successors = {}
        self._parts = {}
        self._instances = {}
        for pk, code, kind, name, department_id, parent_id, postcodes, former, pop, text in rows:
            entry = Entry(
                pk,
                code,
                kind,
                name,
                by_id[department_id],
                parent_id,
                tuple(postcodes.split()),
                tuple(former.split()),
                pop or 0,
                _name_key(text, postcodes),
            )
            self._entries[pk] = entry
            self._by_code.setdefault(code, []).append(entry)
            self._by_key.setdefault(entry.key, []).append(entry)
            if kind in PLACE_KINDS:
                for postcode in entry.postcodes:
                    self._by_postcode.setdefault(postcode, []).append(entry)
            if kind == "COM":
                for former_code in entry.former_codes:
                    self._successors[former_code] = entry
            if kind == "ARM" and parent_id:
                self._parts.setdefault(parent_id, []).append(entry)
        for entries in self._by_code.values():
            entries.sort(key=lambda entry: KIND_ORDER[entry.kind])
        self._department_keys = {}
        self._regions = {}
        for department in departments:
            key = normalize(department.name)
            self._department_keys[key] = department.code
            for article in _ARTICLES:
                if key.startswith(article):
                    self._department_keys.setdefault(key[len(article) :], department.code)
            region = department.region
            codes = self._regions.setdefault(region.code, set())
            codes.add(department.code)
            self._regions[normalize(region.name)] = codes

    @cached_property
    def _sorted_keys(self):
        # Only the free-text search needs it: built on its first use.
        return sorted(
            (entry.key, -entry.population, entry.id)
            for entry in self._entries.values()
            if entry.kind in PLACE_KINDS
        )

    @classmethod
    def load(cls):
        rows = Commune.objects.values_list(
            "id",
            "code",
            "kind",
            "name",
            "department_id",
            "parent_id",
            "postcodes",
            "former_codes",
            "population",
            "search_text",
        ).order_by()
        departments = list(Department.objects.select_related("region").order_by())
        return cls(rows.iterator(chunk_size=5000), departments)

    # --- Records and model instances ----------------------------------------------------

    def instance(self, record):
        """The `Commune` for a record (or the record itself when it already is one), built
        without a query, its department attached."""
        if isinstance(record, Commune):
            return record
        commune = self._instances.get(record.id)
        if commune is None:
            commune = Commune(
                id=record.id,
                code=record.code,
                kind=record.kind,
                name=record.name,
                parent_id=record.parent_id,
                postcodes=" ".join(record.postcodes),
                former_codes=" ".join(record.former_codes),
                population=record.population or None,
                search_text=" ".join(
                    part
                    for part in (record.key, " ".join(record.postcodes), record.code.lower())
                    if part
                ),
            )
            commune.department = self.departments[record.department_code]
            commune._state.adding = False
            commune._state.db = "default"
            self._instances[record.id] = commune
        return commune

    def entry(self, commune_id):
        return self._entries.get(commune_id)

    def parent(self, entry):
        return self._entries.get(entry.parent_id) if entry.parent_id else None

    def parts(self, entry):
        """The arrondissements of Paris, Lyon or Marseille; nothing for any other commune."""
        return self._parts.get(entry.id, [])

    # --- Lookups -------------------------------------------------------------------------

    def current(self, entry):
        """Where a place goes: a delegated or associated commune's current commune."""
        if entry.kind in PLACE_KINDS:
            return entry
        parent = self.parent(entry)
        return parent if parent is not None and parent.kind in PLACE_KINDS else None

    def by_code(self, code):
        """(entry a place can be filed under, entry the code named) for an INSEE code, even
        one merged since; (None, None) when unknown."""
        code = clean_commune_code(code)
        for entry in self._by_code.get(code, []):
            current = self.current(entry)
            if current is not None:
                return current, entry
        successor = self._successors.get(code)
        return (successor, None) if successor is not None else (None, None)

    def by_name(self, name):
        """[(entry a place can be filed under, entry the name named)] for a written name."""
        found = {}
        key = commune_key(name)
        entries = self._by_key.get(key, [])
        if not entries:
            # "Puy-en-Velay" for "Le Puy-en-Velay", "Le Bourg-d'Oisans" for "Bourg-d'Oisans".
            bare = next((key[len(a) :] for a in _ARTICLES if key.startswith(a)), key)
            for variant in [bare, *(article + bare for article in _ARTICLES)]:
                entries = entries or self._by_key.get(variant, [])
        for entry in entries:
            current = self.current(entry)
            if current is not None and (current.id not in found or entry.id == current.id):
                found[current.id] = (current, entry)
        return sorted(found.values(), key=lambda pair: -pair[0].population)

    def with_postcode(self, postcode):
        return list(self._by_postcode.get(postcode, []))

    def refine(self, entry, postcode):
        """A city with arrondissements narrowed to the one that has the postcode."""
        if postcode:
            for part in self.parts(entry):
                if postcode in part.postcodes:
                    return part
        return entry

    def has_postcode(self, entry, postcode):
        return postcode in entry.postcodes or any(
            postcode in part.postcodes for part in self.parts(entry)
        )

    def find(self, name="", postcode="", code="", department_code=""):
        """The communes (current communes and arrondissements) matching every given
        criterion, most populated first."""
        candidates = None
        if code:
            current, _named = self.by_code(code)
            candidates = [current] if current is not None else []
        if name:
            named = [current for current, _entry in self.by_name(name)]
            candidates = named if candidates is None else [c for c in candidates if c in named]
        if postcode:
            if candidates is None:
                candidates = self.with_postcode(postcode)
                cities = {entry.parent_id for entry in candidates if entry.kind == "ARM"}
                candidates = [entry for entry in candidates if entry.id not in cities]
            else:
                candidates = [
                    self.refine(entry, postcode)
                    for entry in candidates
                    if self.has_postcode(entry, postcode)
                ]
        if department_code:
            departments = self.department_codes(department_code)
            if candidates is None:
                candidates = [e for e in self._entries.values() if e.kind in PLACE_KINDS]
            candidates = [entry for entry in candidates if entry.department_code in departments]
        unique = {entry.id: entry for entry in candidates or []}
        ordered = sorted(unique.values(), key=lambda entry: -entry.population)
        return [self.instance(entry) for entry in ordered]

    def search(self, text, limit=10):
        """Communes for a free-text query (name, postcode or INSEE code), best first: exact
        name, then names starting with the query, then names containing every word."""
        text = str(text or "").strip()
        if not text:
            return []
        if COMMUNE_CODE.match(text.upper()) or POSTCODE.match(text):
            current, _named = self.by_code(text)
            found = [current] if current is not None else []
            by_postcode = sorted(self.with_postcode(text), key=lambda entry: -entry.population)
            found += [entry for entry in by_postcode if entry not in found]
            return [self.instance(entry) for entry in found[:limit]]
        words = text.split()
        postcode = next((word for word in words if POSTCODE.match(word)), "")
        key = commune_key(" ".join(word for word in words if word != postcode))
        if not key:
            return self.search(postcode, limit) if postcode else []
        ranked = []
        seen = set()

        def add(entries, rank):
            for entry in entries:
                current = self.current(entry)
                if current is None or current.id in seen:
                    continue
                if postcode and not self.has_postcode(current, postcode):
                    continue
                seen.add(current.id)
                ranked.append((rank, -current.population, current.key, current))

        add(self._by_key.get(key, []), 0)
        keys = self._sorted_keys
        prefixed = takewhile(
            lambda item: item[0].startswith(key), islice(keys, bisect_left(keys, (key,)), None)
        )
        add((self._entries[pk] for _key, _population, pk in prefixed), 1)
        if len(ranked) < limit:
            terms = key.split()
            containing = (item for item in keys if all(term in item[0] for term in terms))
            add((self._entries[pk] for _key, _population, pk in containing), 2)
        ranked.sort(key=lambda item: item[:3])
        return [self.instance(item[3]) for item in ranked[:limit]]

    # --- Departments and regions ---------------------------------------------------------

    def department_codes(self, value):
        """The departments a written department designates: `14`, `1` → {"01"}, `2a`,
        `Calvados`, `calvados (14)`; `20` (Corsica before 1976) → {"2A", "2B"}; empty set
        when unknown."""
        text = str(value or "").strip()
        if not text:
            return set()
        key = normalize(text)
        if key in self._department_keys:
            return {self._department_keys[key]}
        tokens = key.split()
        codes = set()
        for token in tokens:
            token = token.upper()
            if token.isdigit() and len(token) < 2:
                token = token.zfill(2)
            if token in self.departments:
                codes.add(token)
            elif token == CORSICA_BEFORE_1976:
                codes |= {"2A", "2B"}
        named = " ".join(token for token in tokens if not token[:1].isdigit())
        if named and named in self._department_keys:
            codes = codes or {self._department_keys[named]}
        return codes if len(codes) == 1 or codes == {"2A", "2B"} else set()

    def region_departments(self, value):
        """The departments of a region given by code or name; None when the region is not
        given, an empty set when it is unknown."""
        text = str(value or "").strip()
        if not text:
            return None
        key = normalize(text)
        if key.isdigit() and len(key) < 2:
            key = key.zfill(2)
        return set(self._regions.get(key, set()))

    def departments_at(self, latitude, longitude):
        return departments_at(latitude, longitude) & set(self.departments)

    def reconcile(self, address):
        """Make the fields of an address agree, or say why they can't: see
        `places.communes.reconciliation`."""
        return reconcile(self, address)
