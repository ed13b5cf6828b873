"""Merging a duplicate place into the one kept: whatever pointed to it moves over.

Related models are found through Place._meta.related_objects, never imported: funding and
visits depend on places, not the reverse, and a model added later moves with the rest.
"""

from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.db import DatabaseError, models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.dates import PartialDate
from content.search import normalize
from history.context import how
from history.records import record_bulk
from pagecache import versions
from places import held_labels
from places.models import Place, PlacePhoto, PlaceRedirect

# Filled together or not at all: a latitude without its longitude is no point.
FIELD_GROUPS = [
    ("latitude", "longitude"),
    ("opened_on", "opened_on_precision", "year_opened_is_approximate"),
    ("commune", "commune_code", "commune_name"),
]
GROUP_LABELS = {"latitude": gettext_lazy("coordonnées")}
# Who the place is and whether it is public stay the kept place's own.
NEVER_FILLED = {"name", "slug", "status", "published_at", "department"}
# Whether a place is closed, and why, is its own: a duplicate's closing is checked by hand.
NEVER_FILLED |= {"lifecycle", "closed_on", "closed_on_precision", "closure_reason"}
# Never empty (they have a default): a group is empty when its other fields are.
PRECISIONS = {"opened_on_precision"}
# An address describes one commune: it is taken only from a place in the kept one's.
ADDRESS_FIELDS = {"street_address", "postcode", "latitude"}


class MergeError(Exception):
    """Why a merge was refused, in French; nothing was changed."""


@dataclass
class MergePlan:
    """What merging `remove` into `keep` would do, as the confirmation page shows it."""

    keep: Place
    remove: Place
    moves: list = field(default_factory=list)  # (label, count)
    fills: list = field(default_factory=list)  # (field label, value from `remove`)
    conflicts: list = field(default_factory=list)  # French messages


@dataclass
class MergeResult:
    keep_name: str
    removed_name: str
    moved: list  # (label, count)
    filled: list  # field verbose names
    redirects: list  # old slugs now leading to the kept place

    def summary(self):
        return ", ".join(f"{count} {label}" for label, count in self.moved) or _("rien")

    def message(self):
        parts = [
            _("« %(removed)s » a été fusionné dans « %(keep)s ».")
            % {"removed": self.removed_name, "keep": self.keep_name},
            _("Repris : %(moved)s.") % {"moved": self.summary()},
        ]
        if self.filled:
            parts.append(_("Champs complétés : %(fields)s.") % {"fields": ", ".join(self.filled)})
        parts.append(_("L'ancienne adresse redirige vers « %(keep)s ».") % {"keep": self.keep_name})
        return " ".join(parts)


def _label(model, count):
    opts = model._meta
    return str(opts.verbose_name if count == 1 else opts.verbose_name_plural)


def _reverse_relations():
    """(model holding the link, its field pointing to Place, model named in messages).

    A reverse many-to-many is moved through its link table; one with its own through model
    is left out, as that model's foreign key to Place is a relation of its own.
    """
    for relation in Place._meta.related_objects:
        if relation.many_to_many:
            if relation.through._meta.auto_created:
                through = relation.through
                place_field = through._meta.get_field(relation.field.m2m_reverse_field_name())
                yield through, place_field, relation.related_model
        else:
            yield relation.related_model, relation.field, relation.related_model


def _forward_many_to_many():
    for m2m in Place._meta.many_to_many:
        if m2m.remote_field.through._meta.auto_created:
            yield m2m


def _is_empty(value):
    return value is None or value == "" or value is False


def _fillable_groups():
    grouped = {name for group in FIELD_GROUPS for name in group}
    yield from FIELD_GROUPS
    for model_field in Place._meta.concrete_fields:
        name = model_field.name
        if (
            model_field.primary_key
            or not model_field.editable
            or name in NEVER_FILLED
            or name in grouped
            or isinstance(model_field, models.BooleanField)
        ):
            continue
        yield (name,)


def _same_commune(keep, remove):
    if keep.commune_code and remove.commune_code:
        return keep.commune_code == remove.commune_code
    return bool(keep.commune_name) and normalize(keep.commune_name) == normalize(
        remove.commune_name
    )


def _fills(keep, remove):
    """[(attribute names, values)] of `keep`'s empty fields that `remove` can fill."""
    fills = []
    commune_group = ("commune_id", "commune_code", "commune_name")
    for group in _fillable_groups():
        # Foreign keys are read by their column: no query for the commune itself.
        group = tuple(Place._meta.get_field(name).attname for name in group)
        if group == commune_group and remove.department_id != keep.department_id:
            continue
        if group[0] in ADDRESS_FIELDS and not (
            _same_commune(keep, remove)
            or (
                remove.department_id == keep.department_id
                and all(_is_empty(getattr(keep, name)) for name in commune_group)
            )
        ):
            continue
        if all(
            _is_empty(getattr(keep, name)) for name in group if name not in PRECISIONS
        ) and not _is_empty(getattr(remove, group[0])):
            fills.append((group, [getattr(remove, name) for name in group]))
    return fills


def _fill_label(attname):
    model_field = next(f for f in Place._meta.concrete_fields if f.attname == attname)
    return str(GROUP_LABELS.get(model_field.name, model_field.verbose_name))


def _fill_display(group, values):
    if group[0] == "commune_id":
        return values[2]
    if group[0] == "opened_on":
        opened = PartialDate(values[0], values[1])
        return _("vers %s") % opened if values[2] else str(opened)
    return ", ".join(str(value) for value in values)


def _unique_sets(model, place_field):
    """(other field names, condition, nulls distinct) of each uniqueness involving the place."""
    names = {place_field.name, place_field.attname}
    if place_field.unique:
        yield (), None, True
    for together in model._meta.unique_together:
        if names & set(together):
            yield tuple(name for name in together if name not in names), None, True
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and names & set(constraint.fields):
            others = tuple(name for name in constraint.fields if name not in names)
            yield others, constraint.condition, constraint.nulls_distinct is not False


def _conflicts(keep, remove, model, place_field):
    """French messages for each row of `remove` that would break a uniqueness once moved."""
    messages = []
    manager = model._base_manager
    for others, condition, nulls_distinct in _unique_sets(model, place_field):
        kept_rows = manager.filter(**{place_field.name: keep})
        moved_rows = manager.filter(**{place_field.name: remove})
        if condition is not None:
            kept_rows, moved_rows = kept_rows.filter(condition), moved_rows.filter(condition)
        if not others:
            clashes = [()] if kept_rows.exists() and moved_rows.exists() else []
        else:
            kept_values = set(kept_rows.values_list(*others))
            clashes = [
                values
                for values in set(moved_rows.values_list(*others))
                if values in kept_values and (not nulls_distinct or None not in values)
            ]
        for values in clashes:
            messages.append(_conflict_message(keep, remove, model, others, values))
    return messages


def _conflict_message(keep, remove, model, others, values):
    described = []
    for name, value in zip(others, values, strict=True):
        other_field = model._meta.get_field(name)
        if other_field.is_relation and value is not None:
            value = other_field.related_model._base_manager.filter(pk=value).first() or value
        described.append(f"{other_field.verbose_name} « {value} »")
    return _(
        "Fusion impossible : « %(keep)s » et « %(remove)s » ont chacun un élément « %(model)s »"
        "%(same)s, qui ne peut exister qu'une fois par lieu. Modifiez ou supprimez l'un des "
        "deux avant de fusionner."
    ) % {
        "keep": keep,
        "remove": remove,
        "model": model._meta.verbose_name,
        "same": (" " + _("avec les mêmes valeurs : %s") % ", ".join(described))
        if described
        else "",
    }


def plan_merge(keep, remove):
    """What merging would move, fill and refuse; writes nothing."""
    plan = MergePlan(keep=keep, remove=remove)
    for model, place_field, named in _reverse_relations():
        count = model._base_manager.filter(**{place_field.name: remove}).count()
        if count:
            plan.moves.append((_label(named, count), count))
            if not model._meta.auto_created:
                plan.conflicts.extend(_conflicts(keep, remove, model, place_field))
    for m2m in _forward_many_to_many():
        count = getattr(remove, m2m.name).exclude(pk__in=getattr(keep, m2m.name).all()).count()
        if count:
            plan.moves.append((_label(m2m.related_model, count), count))
    plan.fills = [
        (_fill_label(group[0]), _fill_display(group, values))
        for group, values in _fills(keep, remove)
    ]
    return plan


def merge_places(keep, remove, *, user=None):
    """Moves everything of `remove` to `keep`, fills `keep`'s gaps, deletes `remove`.

    All or nothing: a MergeError (French) leaves both places as they were.
    """
    keep_id, remove_id = getattr(keep, "pk", keep), getattr(remove, "pk", remove)
    if keep_id == remove_id:
        raise MergeError(_("Un lieu ne peut pas être fusionné avec lui-même."))
    try:
        with transaction.atomic(), how(_("fusion de doublons")):
            return _merge(keep_id, remove_id, user)
    except (DatabaseError, ProtectedError) as error:
        raise MergeError(
            _("Fusion impossible, rien n'a été modifié : %(error)s") % {"error": error}
        ) from error


def _merge(keep_id, remove_id, user):
    places = Place.objects.select_for_update().in_bulk([keep_id, remove_id])
    if len(places) != 2:
        raise MergeError(_("L'un des deux lieux n'existe plus : rien n'a été fusionné."))
    keep, remove = places[keep_id], places[remove_id]
    plan = plan_merge(keep, remove)
    if plan.conflicts:
        raise MergeError(" ".join(plan.conflicts))
    filled, filled_labels = [], []
    for group, values in _fills(keep, remove):
        for name, value in zip(group, values, strict=True):
            setattr(keep, name, value)
        filled.extend(group)
        filled_labels.append(_fill_label(group[0]))
    for m2m in _forward_many_to_many():
        getattr(keep, m2m.name).add(*getattr(remove, m2m.name).all())
    # The kept place's photos stay first: its cover does not change.
    last = keep.photos.aggregate(last=models.Max("order"))["last"]
    if last is not None:
        photos = list(remove.photos.order_by("order", "id"))
        for number, photo in enumerate(photos, start=last + 1):
            photo.order = number
        PlacePhoto.objects.bulk_update(photos, ["order"])
    for model, place_field, _named in _reverse_relations():
        moved = model._base_manager.filter(**{place_field.name: remove})
        if model._meta.auto_created:
            # A reverse many-to-many: a link keep already has would be there twice.
            source = next(
                f for f in model._meta.get_fields() if f.is_relation and f is not place_field
            )
            already = model._base_manager.filter(**{place_field.name: keep})
            moved.filter(**{f"{source.name}__in": already.values(source.name)}).delete()
            moved.update(**{place_field.name: keep})
            continue
        # update() sends no signal: the moved rows' history is written here.
        ids = list(moved.values_list("pk", flat=True))
        moved.update(**{place_field.name: keep})
        record_bulk(model, model._base_manager.filter(pk__in=ids), update=True)
    PlaceRedirect.objects.update_or_create(old_slug=remove.slug, defaults={"place": keep})
    keep.save(update_fields=[*filled, "updated_at"])
    held_labels.refresh([keep.pk])  # the labels moved above, with no signal
    result = MergeResult(
        keep_name=keep.name,
        removed_name=remove.name,
        moved=plan.moves,
        filled=filled_labels,
        redirects=list(keep.redirects.values_list("old_slug", flat=True)),
    )
    if user is not None:
        _log(user, keep, remove, result)
    remove.delete()
    # Moving rows with update() and bulk_update() sends no signal.
    versions.changed()
    return result


def _log(user, keep, remove, result):
    """The admin history of both places tells where the removed one went."""
    LogEntry.objects.log_actions(
        user.pk, [keep], CHANGE, change_message=result.message(), single_object=True
    )
    LogEntry.objects.log_actions(
        user.pk,
        [remove],
        DELETION,
        change_message=_("Fusionné dans « %(keep)s » (n° %(id)s).")
        % {"keep": keep.name, "id": keep.pk},
        single_object=True,
    )
