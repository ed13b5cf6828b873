"""Rows of this site's own CSV export: pages, known by their slug.

Re-importing an export gives back the same places. A slug names one page: a row describing
another place under an existing slug is refused rather than merged into it.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from places.imports.duplicates import comparable_name
from places.imports.planning import NewProvenance, Planner, SlugAllocator
from places.imports.report import REJECTED, UNCHANGED, UPDATE
from places.models import Dataset, Place, PlaceRedirect, Provenance


class PagePlanner(Planner):
    """Rows are pages: what a row gives replaces what its page has."""

    def update_page(self, parsed, place):
        """Own export: what the row gives replaces what the page has."""
        result = parsed.result
        new = parsed.tracked()
        current = self.current(place)
        names = [name for name, value in new.items() if value != current.get(name, "")]
        changes = self.apply_fields(parsed, place, names, current, new)
        if changes is None:
            return
        result.outcome = UPDATE if changes else UNCHANGED
        restore_provenances(self, parsed, place)

    def attach(self, parsed, place):
        """A row without a known page, attached to an existing one as staff chose."""
        self.update_page(parsed, place)
        parsed.result.notes.insert(
            0, _("Rattaché au lieu « %(name)s » déjà présent sur le site.") % {"name": place.name}
        )


def plan_pages(planner):
    """This site's own export: rows are pages, known by their slug."""
    slugs_in_file = {parsed.result.key for parsed in planner.rows if parsed.result.key}
    existing = {
        place.slug: place
        for place in Place.objects.filter(slug__in=slugs_in_file).select_related("department")
    }
    for redirect in PlaceRedirect.objects.filter(old_slug__in=slugs_in_file - set(existing)):
        existing[redirect.old_slug] = redirect.place_id
    planner.load_places([p if isinstance(p, int) else p.pk for p in existing.values()])
    existing = {
        slug: planner.places.get(p if isinstance(p, int) else p.pk) for slug, p in existing.items()
    }
    planner.slugs = SlugAllocator(reserved=slugs_in_file)
    planner.original = {}
    planner.datasets = {dataset.slug: dataset for dataset in Dataset.objects.all()}
    wanted = {item for parsed in planner.rows for item in parsed.provenances}
    planner.records = {}
    if wanted:
        provenances = Provenance.objects.filter(
            dataset__slug__in={slug for slug, _row in wanted}
        ).select_related("dataset")
        planner.records = {(p.dataset.slug, p.row_id): p for p in provenances}
    pending = []
    for parsed in planner.rows:
        result = parsed.result
        if result.key and slugify(result.key) != result.key:
            result.reasons.append(
                _("Identifiant « %(slug)s » invalide : lettres minuscules, chiffres et tirets.")
                % {"slug": result.key}
            )
        if result.reasons:
            result.outcome = REJECTED
            continue
        place = existing.get(result.key)
        if place is None:
            pending.append(parsed)
            continue
        if not same_place(parsed, place, result):
            result.outcome = REJECTED
            continue
        planner.remember_original(place)
        planner.update_page(parsed, place)
    duplicates = planner.find_duplicates(pending)
    planner.load_places(
        [match.place_id for matches in duplicates.values() for match in matches]
        + planner.chosen_places()
    )
    for parsed in pending:
        matches = duplicates.get(parsed.result.line, [])
        if not matches:
            place = planner.create(parsed, slug=parsed.result.key)
            if place is not None:
                restore_provenances(planner, parsed, place)
        else:
            planner.decide(parsed, matches, None)


def same_place(parsed, place, result):
    """A slug names a page; a row naming another place under it is refused, not merged."""
    department = parsed.values.get("department")
    same_department = department is None or department.pk == place.department_id
    similar = comparable_name(parsed.values.get("name", "")) == comparable_name(place.name)
    if same_department or similar:
        return True
    result.reasons.append(
        _(
            "L'identifiant « %(slug)s » est celui du lieu « %(name)s » (%(where)s) ; cette ligne "
            "décrit « %(row)s » (%(row_where)s). Videz la colonne identifiant pour créer un "
            "nouveau lieu."
        )
        % {
            "slug": place.slug,
            "name": place.name,
            "where": place.commune_name or place.department.name,
            "row": parsed.values.get("name", ""),
            "row_where": parsed.values.get("commune_name") or (department and department.name),
        }
    )
    return False


def restore_provenances(planner, parsed, place):
    result = parsed.result
    for dataset_slug, row_id in parsed.provenances:
        record = planner.records.get((dataset_slug, row_id))
        dataset = planner.datasets.get(dataset_slug)
        if record is None and dataset is None:
            result.notes.append(
                _("Provenance « %(slug)s:%(row)s » ignorée : jeu de données inconnu du site.")
                % {"slug": dataset_slug, "row": row_id}
            )
            continue
        if record is not None and place.pk is not None and record.place_id == place.pk:
            continue
        if record is not None and record.place_id is not None:
            result.notes.append(
                _("Provenance « %(slug)s:%(row)s » laissée au lieu auquel elle est déjà rattachée.")
                % {"slug": dataset_slug, "row": row_id}
            )
            continue
        if record is None:
            # Unknown baseline: the next import of that dataset takes every difference for a
            # staff edit and never overwrites it.
            planner.planned.new_provenances.append(NewProvenance(place, row_id, {}, dataset))
        else:
            record.place = place
            record.skipped = False
            planner.planned.changed_provenances.append(record)
        if result.outcome == UNCHANGED:
            result.outcome = UPDATE
        result.notes.append(
            _("Provenance « %(slug)s:%(row)s » rétablie.") % {"slug": dataset_slug, "row": row_id}
        )
