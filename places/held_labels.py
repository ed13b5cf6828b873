"""The copy a place keeps of the labels it obtained (`Place.held_labels`): its page draws its
timeline from it, without a query of its own.

Refreshed when one of the place's labels is added, changed or removed (the admin's inline, a
restore from the history), when a label is renamed, and by a merge (which moves labels with
update()). `refresh()` writes with bulk_update(), which records no history: the copy is derived,
and history leaves it out.
"""

import datetime
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from content.dates import PartialDate
from places.models import Label, Place, PlaceLabel

BATCH = 500


@dataclass(frozen=True)
class HeldLabel:
    name: str
    obtained: PartialDate
    ended: PartialDate


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def held(place):
    """[HeldLabel] of a place, from its copy, in the order they were obtained."""
    return [
        HeldLabel(
            name=entry["name"],
            obtained=PartialDate(_date(entry["obtained_on"]), entry["obtained_on_precision"]),
            ended=PartialDate(_date(entry["ended_on"]), entry["ended_on_precision"]),
        )
        for entry in place.held_labels
    ]


def entries(place_label_rows):
    """{place id: [entry]} from PlaceLabel rows read with `values()` (label__name included)."""
    found = {}
    for row in place_label_rows:
        found.setdefault(row["place_id"], []).append(
            {
                "name": row["label__name"],
                "obtained_on": row["obtained_on"].isoformat(),
                "obtained_on_precision": row["obtained_on_precision"],
                "ended_on": row["ended_on"].isoformat() if row["ended_on"] else None,
                "ended_on_precision": row["ended_on_precision"],
            }
        )
    return found


def rows(place_label_model, place_ids):
    return (
        place_label_model.objects.filter(place_id__in=place_ids)
        .order_by("place_id", "obtained_on", "id")
        .values(
            "place_id",
            "label__name",
            "obtained_on",
            "obtained_on_precision",
            "ended_on",
            "ended_on_precision",
        )
    )


def refresh(place_ids):
    """Rewrites the copies of these places: two queries per 500 places."""
    place_ids = sorted(set(place_ids))
    for start in range(0, len(place_ids), BATCH):
        batch = place_ids[start : start + BATCH]
        found = entries(rows(PlaceLabel, batch))
        Place.objects.bulk_update(
            [Place(pk=place_id, held_labels=found.get(place_id, [])) for place_id in batch],
            ["held_labels"],
        )


def _place_label_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.place_id])


def _label_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh(instance.places.values_list("place_id", flat=True))


def connect():
    post_save.connect(_place_label_changed, sender=PlaceLabel, dispatch_uid="held-labels-saved")
    post_delete.connect(_place_label_changed, sender=PlaceLabel, dispatch_uid="held-labels-gone")
    post_save.connect(_label_saved, sender=Label, dispatch_uid="held-labels-renamed")
