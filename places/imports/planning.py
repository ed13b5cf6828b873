"""Deciding each row's fate without writing anything: the dry run.

A row of a dataset is known by (dataset, the dataset's own row identifier), recorded as a
`Provenance` the first time it is imported, never by a slug made from its name. A row not seen
before that may describe a place already on the site is a probable duplicate: staff choose to
attach it to that place, create a new one, or skip it, and the choice is remembered (as the
row's provenance). Rows of this site's own export are pages, known by their slug.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from content.models import Status
from places.editorial import NO_SOURCE
from places.imports import fields
from places.imports.duplicates import Candidate, DuplicateFinder
from places.imports.report import (
    ATTACH,
    CREATE,
    CREATE_NEW,
    DUPLICATE,
    REJECTED,
    SKIP,
    SKIPPED,
    UPDATE,
)
from places.imports.rows import tracked_of, unset, validate_place
from places.models import Dataset, Place, PlaceRedirect

ADDRESS_FIELDS = (
    "street_address",
    "postcode",
    "commune_code",
    "commune_name",
    "department",
    "latitude",
    "longitude",
)
# Fields set together: a commune brings its code and name, a point both coordinates, a date its
# precision.
COMPANIONS = {
    "commune_code": ("commune", "commune_code", "commune_name"),
    "commune_name": ("commune", "commune_code", "commune_name"),
    "latitude": ("latitude", "longitude"),
    "longitude": ("latitude", "longitude"),
    **{date: (date, precision) for date, precision in Place.partial_date_fields.items()},
}
# Never filled on attaching: whether a place is closed, and why, is checked by hand (as when
# merging two places), and a file's publication or "approximate" flag does not fill a default.
NOT_FILLED_ON_ATTACH = {
    "status",
    "year_opened_is_approximate",
    "lifecycle",
    "closed_on",
    "closure_reason",
}
LABELS = {**fields.TRACKED, "commune_code": "code commune", "commune_name": "commune"}


@dataclass
class NewProvenance:
    place: Place | None
    row_id: str
    values: dict
    dataset: Dataset | None = None  # None: the plan's dataset
    skipped: bool = False


@dataclass
class Plan:
    """What applying will write; only rows that passed every check get here."""

    report: object
    mapping: object = None
    dataset: Dataset | None = None
    creates: list = field(default_factory=list)  # Place
    updates: list = field(default_factory=list)  # (Place, [changed fields])
    kind_changes: list = field(default_factory=list)  # (Place, [PlaceKind])
    service_changes: list = field(default_factory=list)  # (Place, [Service])
    new_provenances: list = field(default_factory=list)  # NewProvenance
    changed_provenances: list = field(default_factory=list)  # Provenance


class SlugAllocator:
    """Unique page slugs for new places: the name, then name-commune, then name-2, name-3…"""

    def __init__(self, reserved=()):
        self.used = set(Place.objects.values_list("slug", flat=True))
        self.used |= set(PlaceRedirect.objects.values_list("old_slug", flat=True))
        # Slugs a file gives its own rows: a slug made up for another row must not take them.
        self.taken = self.used | set(reserved)

    def allocate(self, name, commune_name="", wanted=""):
        if wanted and wanted not in self.used:
            self.used.add(wanted)
            self.taken.add(wanted)
            return wanted
        max_length = Place._meta.get_field("slug").max_length - 6
        base = slugify(name)[:max_length].strip("-") or "lieu"
        candidates = [base]
        if commune_name:
            candidates.append(f"{base}-{slugify(commune_name)}"[:max_length].strip("-"))
        for candidate in candidates:
            if candidate not in self.taken:
                self.taken.add(candidate)
                self.used.add(candidate)
                return candidate
        number = 2
        while f"{base}-{number}" in self.taken:
            number += 1
        slug = f"{base}-{number}"
        self.taken.add(slug)
        self.used.add(slug)
        return slug


def unpublished_note():
    # The editorial rule of places (places.editorial): no source, no publication.
    return _("%(why)s Le lieu est importé en brouillon.") % {"why": NO_SOURCE}


def relation_slugs(through, column, place_ids):
    found = {}
    if not place_ids:
        return found
    rows = through.objects.filter(place_id__in=place_ids).values_list("place_id", column)
    for place_id, slug in rows:
        found.setdefault(place_id, []).append(slug)
    return found


class Planner:
    def __init__(self, planned, parsed_rows, *, decisions=None, duplicates="ask"):
        self.planned = planned
        self.rows = parsed_rows
        self.decisions = decisions or {}
        self.duplicate_policy = duplicates
        self.now = timezone.now()
        self.places = {}
        self.kinds_of = {}
        self.services_of = {}

    # --- loading what the rows refer to ----------------------------------------------------

    def load_places(self, place_ids):
        place_ids = set(place_ids) - set(self.places)
        if not place_ids:
            return
        for place in Place.objects.filter(pk__in=place_ids).select_related("department"):
            self.places[place.pk] = place
        self.kinds_of.update(relation_slugs(Place.kinds.through, "placekind__slug", place_ids))
        self.services_of.update(relation_slugs(Place.services.through, "service__slug", place_ids))

    def current(self, place):
        return tracked_of(
            place, self.kinds_of.get(place.pk, ()), self.services_of.get(place.pk, ())
        )

    # --- outcomes ----------------------------------------------------------------------------

    def create(self, parsed, provenance_key=None, slug=""):
        result = parsed.result
        values = {k: v for k, v in parsed.values.items() if k != "published_at"}
        status = values.pop("status", None) or self.planned.mapping.default_status
        # A dataset's row, or a row of this site's export naming its datasets, is sourced.
        if status == Status.PUBLISHED and provenance_key is None and not parsed.provenances:
            status = Status.DRAFT
            result.notes.append(unpublished_note())
        place = Place(**values, status=status)
        if status == Status.PUBLISHED:
            place.publish(parsed.values.get("published_at") or self.now)
        if not validate_place(place, result):
            result.outcome = REJECTED
            return None
        place.slug = self.slugs.allocate(place.name, place.commune_name, wanted=slug)
        result.slug = place.slug
        result.outcome = CREATE
        self.planned.creates.append(place)
        self.planned.kind_changes.append((place, parsed.kinds or []))
        if parsed.services:
            self.planned.service_changes.append((place, parsed.services))
        if provenance_key is not None:
            self.planned.new_provenances.append(
                NewProvenance(place, provenance_key, parsed.tracked())
            )
        return place

    def skip(self, parsed):
        result = parsed.result
        result.outcome = SKIPPED
        result.notes.append(_("Ligne écartée : elle ne sera pas importée."))
        if self.planned.dataset is not None:
            self.planned.new_provenances.append(
                NewProvenance(None, result.key, parsed.tracked(), skipped=True)
            )

    def attach(self, parsed, place):
        """Another provenance for a place already on the site: only its empty fields are
        filled; the row's values become the baseline the next import compares with."""
        result = parsed.result
        new = parsed.tracked()
        current = self.current(place)
        filled = [
            name
            for name, value in new.items()
            if value and unset(name, current.get(name, "")) and name not in NOT_FILLED_ON_ATTACH
        ]
        changes = self.apply_fields(parsed, place, filled, current, new)
        if changes is None:
            return
        result.outcome = UPDATE
        result.notes.insert(
            0,
            _("Rattaché au lieu « %(name)s » déjà présent sur le site : %(what)s.")
            % {
                "name": place.name,
                "what": _("seuls ses champs vides sont complétés")
                if changes
                else _("rien n'y est changé"),
            },
        )
        self.planned.new_provenances.append(NewProvenance(place, result.key, new))

    def apply_fields(self, parsed, place, names, current, new):
        """Set the named fields from the row; their changes for the report, or None (rejected)."""
        result = parsed.result
        result.slug, result.place_id = place.slug, place.pk
        previous_status = place.status
        model_fields = []
        for name in names:
            if name in {"kinds", "services"}:
                continue
            for target in COMPANIONS.get(name, (name,)):
                if target in parsed.values and target not in model_fields:
                    setattr(place, target, parsed.values[target])
                    model_fields.append(target)
        if model_fields and not validate_place(place, result):
            # The file's address does not fit what staff kept: leave the address as it is.
            address = [n for n in model_fields if n in ADDRESS_FIELDS or n == "commune"]
            if not address:
                result.outcome = REJECTED
                return None
            for target in address:
                # The commune by its id: reading the relation would cost a query per place.
                name = "commune_id" if target == "commune" else target
                setattr(place, name, self.original[place.pk][name])
            reasons, result.reasons = result.reasons, []
            if not validate_place(place, result):
                result.outcome = REJECTED
                return None
            result.notes.append(
                _("Adresse du fichier non appliquée : %(why)s") % {"why": " ".join(reasons)}
            )
            model_fields = [n for n in model_fields if n not in address]
            names = [n for n in names if n not in ADDRESS_FIELDS]
        if (
            "status" in model_fields
            and place.status == Status.PUBLISHED
            and previous_status != Status.PUBLISHED
            and not parsed.provenances
            and not self.cites_a_source(place)
        ):
            place.status = previous_status
            model_fields.remove("status")
            result.notes.append(unpublished_note())
        if "status" in model_fields and place.status == Status.PUBLISHED and not place.published_at:
            place.publish(self.now)
            model_fields.append("published_at")
        if model_fields:
            self.planned.updates.append((place, model_fields))
        if "kinds" in names:
            self.planned.kind_changes.append((place, parsed.kinds))
        if "services" in names:
            self.planned.service_changes.append((place, parsed.services))
        changes = [
            [LABELS.get(name, name), current.get(name, ""), new[name]]
            for name in names
            if name in new
        ]
        result.changes.extend(changes)
        return changes

    def cites_a_source(self, place):
        """A row of a dataset gives the place a provenance; otherwise it needs a source."""
        if self.planned.dataset is not None:
            return True
        return place.sources.exists() or place.provenances.exists()

    def remember_original(self, place):
        self.original.setdefault(
            place.pk, {name: getattr(place, name) for name in (*ADDRESS_FIELDS, "commune_id")}
        )

    # --- probable duplicates -----------------------------------------------------------------

    def find_duplicates(self, pending):
        """Probable duplicates of rows about to create a place; {row key: [Match]}."""
        if not pending:
            return {}
        finder = DuplicateFinder.for_site()
        found = {}
        for parsed in pending:
            values = parsed.values
            department = values.get("department")
            postcode = values.get("postcode", "")
            latitude = values.get("latitude")
            longitude = values.get("longitude")
            candidate = Candidate(
                key=parsed.result.line,
                name=values.get("name", ""),
                commune_code=values.get("commune_code", ""),
                department_code=department.code if department else "",
                postcodes=(postcode,) if postcode else (),
                latitude=float(latitude) if latitude is not None else None,
                longitude=float(longitude) if longitude is not None else None,
                commune_name=values.get("commune_name", ""),
            )
            matches = finder.matches(candidate)
            if matches:
                found[parsed.result.line] = matches
        return found

    def chosen_places(self):
        """Places staff chose to attach rows to, loaded with the candidates in one go."""
        return [
            int(decision[len(ATTACH) + 1 :])
            for decision in self.decisions.values()
            if decision.startswith(f"{ATTACH}:") and decision[len(ATTACH) + 1 :].isdigit()
        ]

    def describe_candidates(self, matches):
        self.load_places([match.place_id for match in matches])
        described = []
        for match in matches:
            place = self.places.get(match.place_id)
            if place is None:
                continue
            described.append(
                {
                    "place_id": place.pk,
                    "name": place.name,
                    "slug": place.slug,
                    "commune": place.commune_name,
                    "postcode": place.postcode,
                    "department": place.department.code,
                    "score": match.score,
                    "reasons": list(match.reasons),
                }
            )
        return described

    def decide(self, parsed, matches, provenance_key):
        """A new row: created, or held as a probable duplicate until staff choose."""
        result = parsed.result
        decision = self.decisions.get(result.key or str(result.line), "")
        if not decision and matches and self.duplicate_policy != "ask":
            decision = {
                "attach": f"{ATTACH}:{matches[0].place_id}",
                "create": CREATE_NEW,
                "skip": SKIP,
            }[self.duplicate_policy]
        if matches:
            result.candidates = self.describe_candidates(matches)
        result.decision = decision
        if decision == SKIP:
            self.skip(parsed)
        elif decision.startswith(f"{ATTACH}:"):
            place_id = int(decision.partition(":")[2]) if decision[7:].isdigit() else None
            self.load_places([place_id] if place_id else [])
            place = self.places.get(place_id)
            if place is None:
                result.outcome = DUPLICATE
                result.notes.append(_("Le lieu choisi pour le rattachement n'existe plus."))
                return
            self.remember_original(place)
            self.attach(parsed, place)
        elif decision == CREATE_NEW or not matches:
            self.create(parsed, provenance_key)
            if matches:
                result.notes.append(_("Créé comme un nouveau lieu, à la demande."))
        else:
            result.outcome = DUPLICATE


def reject_repeated_keys(parsed_rows):
    seen = {}
    for parsed in parsed_rows:
        key = parsed.result.key
        if not key:
            continue
        if key in seen:
            parsed.result.reasons.append(
                _("Identifiant « %(key)s » déjà utilisé ligne %(line)d.")
                % {"key": key, "line": seen[key]}
            )
        else:
            seen[key] = parsed.result.line
