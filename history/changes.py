"""Recent changes across the site: the newest entries of every recorded model's history.

Each model keeps its history in a table of its own. A page takes, from each table the person
may see, its newest entries before a date (an index on history_date serves it), and keeps the
newest of them all: the cost of a page depends on its length, never on the size of the history.
"""

import heapq
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator

PAGE_SIZE = 50
# The field that names a row of each kind, first found wins (a quotation by its words).
LABEL_FIELDS = ("name", "title", "caption", "label", "office", "text")


def recorded_models():
    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]


def history_model(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def visible_models(user):
    return [
        model
        for model in recorded_models()
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


@dataclass
class Entry:
    model: type
    record: object
    restorable: bool = False

    @property
    def kind(self):
        return self.model._meta.verbose_name

    @property
    def label(self):
        for name in LABEL_FIELDS:
            value = getattr(self.record, name, "")
            if value:
                return Truncator(str(value)).chars(90)
        return f"n° {self.object_id}"

    @property
    def object_id(self):
        return getattr(self.record, self.model._meta.pk.attname)

    @property
    def is_deletion(self):
        return self.record.history_type == "-"

    @property
    def history_url(self):
        """The object's own history (old → new values, restore), when the admin shows it."""
        opts = self.model._meta
        try:
            name = f"admin:{opts.app_label}_{opts.model_name}_history"
            return reverse(name, args=[self.object_id])
        except NoReverseMatch:
            return ""

    @property
    def restore_url(self):
        opts = self.model._meta
        return reverse(
            "history:restore_deleted",
            args=[opts.app_label, opts.model_name, self.record.history_id],
        )


def page(models, *, before=None, user_id=None, since=None, until=None, size=PAGE_SIZE):
    """The `size` newest entries (older than `before`, from `since` and before `until`), and
    the date to ask for the next page (None on the last one). Entries sharing the last date
    all stay on the page, so that asking for the next one skips none."""
    newest = []
    for model in models:
        rows = history_model(model).objects.select_related("history_user")
        if user_id:
            rows = rows.filter(history_user_id=user_id)
        if since:
            rows = rows.filter(history_date__gte=since)
        if until:
            rows = rows.filter(history_date__lt=until)
        if before:
            rows = rows.filter(history_date__lt=before)
        newest.append(
            [Entry(model, record) for record in rows.order_by("-history_date")[: size + 1]]
        )
    merged = list(heapq.merge(*newest, key=lambda entry: entry.record.history_date, reverse=True))
    if len(merged) <= size:
        return merged, None
    cut = merged[size - 1].record.history_date
    shown = [entry for entry in merged if entry.record.history_date >= cut]
    if len(shown) == len(merged):
        return shown, None
    return shown, cut
