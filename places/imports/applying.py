"""Writing a plan: bulk queries, in one transaction, nothing at all when the file is refused."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import Searchable
from content.planner import gather_statistics_after_commit
from history.records import record_bulk
from pagecache import versions
from places import labels
from places.models import Dataset, Place, Provenance

# Import fields that are no column of their own: the opening year is the opening date's.
COLUMNS = {"year_opened": ("opened_on", "opened_on_precision")}


@transaction.atomic
def apply(planned):
    report = planned.report
    if report.refused:
        return report
    now = timezone.now()
    dataset = save_dataset(planned)

    for place in planned.creates:
        place.refresh_search_text()
    Place.objects.bulk_create(planned.creates, batch_size=500)
    if planned.creates and planned.creates[0].pk is None:
        # A database that cannot return ids from a bulk insert: slugs are unique.
        ids = dict(
            Place.objects.filter(slug__in=[p.slug for p in planned.creates]).values_list(
                "slug", "pk"
            )
        )
        for place in planned.creates:
            place.pk = ids[place.slug]
    by_slug = {place.slug: place.pk for place in planned.creates}
    for row in report.rows:
        if row.slug in by_slug:
            row.place_id = by_slug[row.slug]

    # bulk_update skips auto_now and save(): set both by hand.
    by_fields = {}
    for place, fields in planned.updates:
        if not fields:
            continue
        place.refresh_search_text()
        place.updated_at = now
        columns = [column for name in fields for column in COLUMNS.get(name, (name,))]
        key = tuple(sorted({*columns, *Searchable.SEARCH_FIELDS, "updated_at"}))
        by_fields.setdefault(key, []).append(place)
    for fields, places in by_fields.items():
        Place.objects.bulk_update(places, list(fields), batch_size=500)

    _replace_relations(Place.kinds.through, "placekind_id", planned.kind_changes)
    _replace_relations(Place.services.through, "service_id", planned.service_changes)
    # The places' copies of their kinds, services and territory, which lists show and the
    # search indexes: bulk queries send no signal to refresh them.
    labels.refresh(
        [place.pk for place in planned.creates]
        + [place.pk for place, fields in planned.updates if fields]
        + [place.pk for place, _kinds in planned.kind_changes]
        + [place.pk for place, _services in planned.service_changes]
    )

    _record_history(planned, dataset)

    Provenance.objects.bulk_create(
        [
            Provenance(
                place=item.place,
                dataset=item.dataset or dataset,
                row_id=item.row_id,
                first_imported_at=now,
                last_imported_at=now,
                values=item.values,
                skipped=item.skipped,
            )
            for item in planned.new_provenances
        ],
        batch_size=500,
    )
    for provenance in planned.changed_provenances:
        provenance.last_imported_at = now
    Provenance.objects.bulk_update(
        planned.changed_provenances,
        ["place", "values", "skipped", "last_imported_at"],
        batch_size=500,
    )
    # Bulk queries send no signal: cached pages are told here, and out of date once this
    # transaction commits.
    versions.changed()
    gather_statistics_after_commit()  # SQLite's planner, for the tables' new sizes
    report.applied = True
    report.dry_run = False
    return report


def _record_history(planned, dataset):
    """One history entry per place the import created or changed, naming the dataset."""
    reason = _("import du jeu de données « %(dataset)s »") % {
        "dataset": dataset.title if dataset else _("sans titre")
    }
    record_bulk(Place, planned.creates, update=False, reason=reason)
    created = {place.pk for place in planned.creates}
    changed = {place.pk for place, fields in planned.updates if fields}
    changed.update(place.pk for place, _kinds in planned.kind_changes)
    changed.update(place.pk for place, _services in planned.service_changes)
    changed = sorted(changed - created)
    for start in range(0, len(changed), 500):
        batch = Place.objects.filter(pk__in=changed[start : start + 500])
        record_bulk(Place, batch, update=True, reason=reason)


def save_dataset(planned):
    """The dataset as the mapping describes it (title, attribution, licence), and the mapping
    itself, kept for the next version of the file."""
    dataset = planned.dataset
    mapping = planned.mapping
    if dataset is None:
        return None
    changed = dataset.pk is None
    for name, value in (mapping.dataset or {}).items():
        if value and getattr(dataset, name) != value:
            setattr(dataset, name, value)
            changed = True
    if not mapping.builtin:
        saved = mapping.to_json()
        if dataset.mapping != saved:
            dataset.mapping = saved
            changed = True
    if changed:
        dataset.save()
    return dataset


def _replace_relations(through, target_field, changes):
    if not changes:
        return
    place_ids = [place.pk for place, _targets in changes]
    for start in range(0, len(place_ids), 500):
        through.objects.filter(place_id__in=place_ids[start : start + 500]).delete()
    through.objects.bulk_create(
        [
            through(place_id=place.pk, **{target_field: target.pk})
            for place, targets in changes
            for target in targets
        ],
        batch_size=500,
    )


def lock_dataset(slug):
    """One import at a time per dataset: PostgreSQL holds this row until the transaction ends
    (SQLite serialises writing transactions anyway)."""
    return Dataset.objects.select_for_update().filter(slug=slug).first()
