"""The history of content: django-simple-history's per-model tables, told how each change was
made (history.context), and written for bulk changes too, which send no signal."""

from simple_history.models import HistoricalRecords
from simple_history.utils import get_change_reason_from_object

from history import context

# Columns derived from others (search text, copies of labels) or rewritten on every save: their
# changes are noise in a history that editors read.
DERIVED_FIELDS = (
    "search_text",
    "search_title",
    "search_vector",
    "search_related",
    "kind_labels",
    "service_labels",
    "held_labels",
    "renditions",
    "updated_at",
)


class Recorded(HistoricalRecords):
    """`HistoricalRecords` with the derived columns left out, and the change's "how" taken
    from history.context. Models name it `revisions`: places have a `history` text field."""

    def finalize(self, sender, **kwargs):
        if sender is self.cls:
            names = {field.name for field in sender._meta.concrete_fields}
            self.excluded_fields = [
                *self.excluded_fields,
                *(name for name in DERIVED_FIELDS if name in names),
            ]
        super().finalize(sender, **kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return get_change_reason_from_object(instance) or context.current()


def record_bulk(model, objects, *, update, reason=""):
    """One history entry per object written by a bulk query (bulk_create, bulk_update,
    update()), which sends no signal: `objects` hold the values now in the database."""
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    objects = list(objects) if manager else []
    if not objects:
        return []
    how = " · ".join(str(part) for part in (reason, context.current()) if part)
    return getattr(model, manager).bulk_history_create(
        objects, batch_size=500, update=update, default_change_reason=how
    )
