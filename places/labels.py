"""The copies a place keeps of its kinds, services and territory: `kind_labels`,
`service_labels` (what lists and pages show without a query) and `search_related` (what the
search index holds besides the place's own columns).

`Place.save()` rewrites `search_related` from the labels it holds. Signals refresh every
place concerned when its kinds or services change (either side of the relation), and when a
kind, a service, a department or a region is renamed or deleted. The importer writes with bulk
queries, which send no signal: it calls `refresh()` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from places.models import Department, Place, PlaceKind, Region, Service
from places.models.place import related_search_text

BATCH = 500
LABEL_FIELDS = ["kind_labels", "service_labels", "search_related"]


def _labels(through, target, place_ids, order):
    found = {}
    rows = (
        through.objects.filter(place_id__in=place_ids)
        .order_by(*(f"{target}__{name}" for name in order))
        .values_list("place_id", f"{target}__slug", f"{target}__name")
    )
    for place_id, slug, name in rows:
        found.setdefault(place_id, []).append({"slug": slug, "name": name})
    return found


def computed(place_ids):
    """{place id: {field: value}} for LABEL_FIELDS, in three queries."""
    kinds = _labels(Place.kinds.through, "placekind", place_ids, ["order", "name"])
    services = _labels(Place.services.through, "service", place_ids, ["name"])
    territories = Place.objects.filter(pk__in=place_ids).values_list(
        "pk", "department__name", "department__code", "department__region__name"
    )
    values = {}
    for place_id, *territory in territories:
        kind_labels, service_labels = kinds.get(place_id, []), services.get(place_id, [])
        values[place_id] = {
            "kind_labels": kind_labels,
            "service_labels": service_labels,
            "search_related": related_search_text(territory, kind_labels, service_labels),
        }
    return values


def refresh(place_ids, instances=()):
    """Recomputes the copies of these places, four queries per 500 places; `instances` (places
    in memory) get the new values too, so that saving them later keeps them."""
    place_ids = sorted(set(place_ids))
    in_memory = {place.pk: place for place in instances}
    for start in range(0, len(place_ids), BATCH):
        values = computed(place_ids[start : start + BATCH])
        places = []
        for place_id, fields in values.items():
            place = Place(pk=place_id, **fields)
            places.append(place)
            if place_id in in_memory:
                for name, value in fields.items():
                    setattr(in_memory[place_id], name, value)
        Place.objects.bulk_update(places, LABEL_FIELDS)


# --- Signals --------------------------------------------------------------------------------


def _relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            refresh([instance.pk], instances=[instance])
        return
    # From the kind's or the service's side: `pk_set` holds places, none for a clear.
    if action == "pre_clear":
        instance._places_before_clear = list(instance.places.values_list("pk", flat=True))
    elif action == "post_clear":
        refresh(getattr(instance, "_places_before_clear", []))
    elif action in ("post_add", "post_remove"):
        refresh(pk_set or [])


def _label_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh(instance.places.values_list("pk", flat=True))


def _label_deleting(sender, instance, **kwargs):
    # The links go with the row, without an m2m signal: note the places first.
    instance._places_before_delete = list(instance.places.values_list("pk", flat=True))


def _label_deleted(sender, instance, **kwargs):
    refresh(getattr(instance, "_places_before_delete", []))


def _territory_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    places = Place.objects.all()
    if sender is Department:
        places = places.filter(department=instance)
    else:
        places = places.filter(department__region=instance)
    refresh(places.values_list("pk", flat=True))


def connect():
    for through in (Place.kinds.through, Place.services.through):
        m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=f"labels-{through}")
    for model in (PlaceKind, Service):
        post_save.connect(_label_saved, sender=model, dispatch_uid=f"labels-saved-{model}")
        pre_delete.connect(_label_deleting, sender=model, dispatch_uid=f"labels-del-{model}")
        post_delete.connect(_label_deleted, sender=model, dispatch_uid=f"labels-gone-{model}")
    for model in (Department, Region):
        post_save.connect(_territory_saved, sender=model, dispatch_uid=f"labels-territory-{model}")
