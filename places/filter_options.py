"""The options of the places list's select filters (types, regions, departments, services), read
in one query — a UNION ALL of the four small tables — the first time a select is drawn or a
value checked, and shared by the four selects of one FilterSet.

A chosen value cleans to its row, built from the same query, as a ModelChoiceField would give
it, so the page's title and the filter use it without a query of their own.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.choices import BaseChoiceIterator

from places.models import Department, PlaceKind, Region, Service


def _select(model, group, value, position, sort, parent=None):
    """One SELECT of the options' UNION: (group, id, value, name, position, sort, parent)."""
    quote = connection.ops.quote_name

    def column(name):
        return quote(model._meta.get_field(name).column)

    # Only the models' own table and column names, quoted, and constants: no input reaches it.
    return (
        f"SELECT '{group}', {column('id')}, {column(value)}, {column('name')}, "  # noqa: S608
        f"{column(position) if position else '0'}, {column(sort)}, "
        # A typed NULL: PostgreSQL would take an untyped one for text.
        f"{column(parent) if parent else 'CAST(NULL AS bigint)'} "
        f"FROM {quote(model._meta.db_table)}"
    )


def options_sql():
    # Written out rather than built by the ORM: composing the four annotated querysets cost
    # six times as much as running the query, on a page every visitor opens.
    return (
        " UNION ALL ".join(
            [
                # Each table in its usual order: kinds by their order, departments by code.
                _select(PlaceKind, "type", "slug", "order", "name"),
                _select(Service, "service", "slug", None, "name"),
                _select(Region, "region", "code", None, "name"),
                _select(Department, "departement", "code", None, "code", "region"),
            ]
        )
        + " ORDER BY 1, 5, 6"
    )


def _label(group, value, name):
    # What str() of the row says, without building the row.
    return Department.label(name, value) if group == "departement" else name


def _instance(group, pk, value, name, position, parent):
    if group == "type":
        return PlaceKind(pk=pk, slug=value, name=name, order=position)
    if group == "service":
        return Service(pk=pk, slug=value, name=name)
    if group == "region":
        return Region(pk=pk, code=value, name=name)
    return Department(pk=pk, code=value, name=name, region_id=parent)


class Options:
    """One FilterSet's options; nothing is read until one is asked for."""

    def __init__(self):
        self._groups = None

    def _load(self):
        groups = {}
        # Rows as tuples: a model instance is built only for a chosen value (find), not for
        # each of the hundred-odd options a page shows.
        with connection.cursor() as cursor:
            cursor.execute(options_sql())
            for group, pk, value, name, position, _sort, parent in cursor.fetchall():
                groups.setdefault(group, {})[value] = (group, pk, value, name, position, parent)
        return groups

    def group(self, name):
        if self._groups is None:
            self._groups = self._load()
        return self._groups.get(name, {})

    def choices(self, name, empty_label):
        return [
            ("", empty_label),
            *((value, _label(name, value, row[3])) for value, row in self.group(name).items()),
        ]

    def find(self, name, value):
        row = self.group(name).get(value)
        return None if row is None else _instance(*row)


class OptionChoices(BaseChoiceIterator):
    """One group's options with its empty label first, read when a select is drawn. A choice
    iterator, not a function: Django takes an iterator's options as they are, where it would
    check each option a function gives (a millisecond for the hundred departments)."""

    def __init__(self, options, group, empty_label):
        self.options, self.group, self.empty_label = options, group, empty_label

    def __iter__(self):
        return iter(self.options.choices(self.group, self.empty_label))

    def __deepcopy__(self, memo):
        # A form copies its fields: the copies share the FilterSet's one query.
        return self


class OptionField(forms.ChoiceField):
    """A select of one group of Options; cleans to the chosen row, or None."""

    def __init__(self, *, options, group, **kwargs):
        self.options, self.group = options, group
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self.options.find(self.group, str(value))
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found

    def validate(self, value):
        # The value was checked against the options in to_python.
        forms.Field.validate(self, value)


class OptionFilter(django_filters.Filter):
    """Filters `field_name` by the chosen row's id: `type` by `kinds`, `region` by
    `department__region`."""

    field_class = OptionField

    def __init__(self, *, group, empty_label, **kwargs):
        super().__init__(**kwargs)
        self.group, self.empty_label = group, empty_label

    def bind_options(self, options):
        # Read from the database: the page cache's CachedChoicesMixin keeps what the select
        # shows.
        self.extra.update(
            options=options,
            group=self.group,
            choices=OptionChoices(options, self.group, self.empty_label),
        )

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value.pk})
