"""Rows of a dataset, known by (dataset, the dataset's own row identifier).

A row seen before is merged into its place field by field; a new row is created, or held as a
probable duplicate until staff choose (see `Planner.decide`).
"""

from collections import Counter

from django.utils.text import slugify
from django.utils.translation import gettext as _

from places.imports.planning import LABELS, SlugAllocator
from places.imports.report import KEPT, REJECTED, SKIPPED, UNCHANGED, UPDATE
from places.imports.rows import unset
from places.models import Provenance


def plan_dataset(planner):
    """Rows of a dataset, known by their own identifier."""
    planned = planner.planned
    dataset = planned.dataset
    known = {}
    if dataset.pk:
        known = {p.row_id: p for p in Provenance.objects.filter(dataset=dataset)}
    planner.load_places([p.place_id for p in known.values() if p.place_id])
    planner.slugs = SlugAllocator()
    planner.original = {}
    pending = []
    for parsed in planner.rows:
        result = parsed.result
        if result.reasons:
            result.outcome = REJECTED
            continue
        provenance = known.get(result.key)
        if provenance is None:
            pending.append(parsed)
        elif provenance.skipped:
            result.outcome = SKIPPED
            result.notes.append(_("Ligne écartée lors d'un import précédent."))
        elif provenance.place_id is None:
            result.outcome = KEPT
            result.notes.append(
                _("Lieu supprimé sur le site depuis l'import : il n'est pas recréé.")
            )
        else:
            place = planner.places[provenance.place_id]
            planner.remember_original(place)
            merge(planner, parsed, provenance, place)
    duplicates = planner.find_duplicates(pending)
    planner.load_places(
        [match.place_id for matches in duplicates.values() for match in matches]
        + planner.chosen_places()
    )
    for parsed in pending:
        planner.decide(parsed, duplicates.get(parsed.result.line, []), parsed.result.key)


def merge(planner, parsed, provenance, place):
    """Three-way merge, field by field: what the dataset said last time (`base`), the place
    now (`current`) and the row now (`new`). A field staff changed is never overwritten."""
    result = parsed.result
    result.slug, result.place_id = place.slug, place.pk
    base = provenance.values or {}
    new = parsed.tracked()
    current = planner.current(place)
    to_apply, conflicts = [], []
    for name, value in new.items():
        if value == current.get(name, "") or (name in base and value == base[name]):
            continue
        if current.get(name, "") == base.get(name, "") or (
            name not in base and unset(name, current.get(name, ""))
        ):
            # Untouched since the last import, or empty on the site.
            to_apply.append(name)
        else:
            conflicts.append(name)
    changes = planner.apply_fields(parsed, place, to_apply, current, new) if to_apply else []
    if changes is None:
        return
    for name in conflicts:
        result.notes.append(
            _(
                "%(field)s modifié sur le site depuis l'import : la valeur du fichier "
                "« %(new)s » n'est pas appliquée, celle du site « %(current)s » est gardée."
            )
            % {
                "field": LABELS.get(name, name).capitalize(),
                "new": new[name],
                "current": current.get(name, ""),
            }
        )
    if changes:
        result.outcome = UPDATE
    else:
        result.outcome = KEPT if conflicts else UNCHANGED
    merged = {**base, **new}
    if merged != base:
        # The row's values become the baseline: a conflict is reported once, not at every run.
        provenance.values = merged
        planner.planned.changed_provenances.append(provenance)


def give_keys(parsed_rows):
    """Rows of a file without an identifier column are known by name and commune: stable from
    one version of the file to the next, and never shared with another dataset's rows."""
    counts = Counter()
    for parsed in parsed_rows:
        if parsed.result.key or parsed.result.reasons:
            continue
        values = parsed.values
        where = (
            values.get("commune_code")
            or values.get("postcode")
            or (values["department"].code if values.get("department") else "")
        )
        key = f"{slugify(values.get('name', ''))[:40]}@{where}"
        counts[key] += 1
        parsed.result.key = key if counts[key] == 1 else f"{key}#{counts[key]}"
