"""The columns of an export: one value per row (`Column`) or the list of related values of each
row (`Related`), what they may need beyond the row (`ExportContext`), and the columns every
published content's export shares (status, dates, public address)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.urls import reverse

from content.dates import iso_partial_date
from content.models import Status
from exports.cells import Kind

# Rows fetched and written per chunk: large enough that per-chunk costs (the related lists'
# queries) vanish, small enough to keep memory flat. Writers read it when they run, not when
# they are imported, so that one setting governs them all.
CHUNK_SIZE = 2000

# How each database takes a chunk's ids as one parameter: neither database then parses and
# plans 2 000 literals per chunk (7 ms a query on PostgreSQL, 3 ms as one array), and the
# statement stays the same from chunk to chunk. On PostgreSQL a subquery rather than
# `= ANY(…)`: the planner then knows how many ids there are and looks them up in the index,
# where `= ANY` led it to scan the whole table for every chunk.
IDS_PARAMETERS = {
    "sqlite": ("IN (SELECT value FROM json_each(%s))", "[{}]"),
    "postgresql": ("IN (SELECT unnest(%s::bigint[]))", "{{{}}}"),
}


@dataclass(frozen=True)
class ExportContext:
    """What a column may need beyond the row: the site's address for absolute links."""

    base_url: str = ""

    @classmethod
    def from_request(cls, request):
        return cls(base_url=request.build_absolute_uri("/").rstrip("/"))

    def absolute(self, path):
        return f"{self.base_url}{path}"


@dataclass(frozen=True)
class Column:
    """One cell per row.

    `field` is an ORM path (`department__code`). With `fields` and `bind`, the value is
    computed: `bind(context)` returns a function taking those fields' values, built once per
    export so per-row work stays small.
    """

    key: str
    description: str
    field: str = ""
    kind: str = Kind.TEXT
    fields: tuple = ()
    bind: Callable | None = None

    @property
    def paths(self):
        return self.fields if self.bind else (self.field,)


@dataclass(frozen=True)
class Related:
    """The related values of each row, as a list.

    `queryset()` returns the rows to read (the through model for a many-to-many), `parent` is
    their field pointing at the exported row, `fields` what to read. With one field the list
    holds values; with several, `combine` turns each related row into one value (a string, or
    a dict for nested JSON, see `records`).
    """

    key: str
    description: str
    queryset: Callable
    parent: str
    fields: tuple
    order_by: tuple = ()
    combine: Callable | None = None
    kind: str = Kind.TEXT
    item_kinds: dict = field(default_factory=dict)

    def rows(self, pks):
        """The `values_list` of (parent, *fields) for these parent ids, in list order."""
        # `parent__in=pks` costs Django ~2 µs of preparation per id, which dominated large
        # exports; these ids are integers just read from the database, so int() keeps anything
        # else out of the SQL.
        ids = ",".join(map(str, map(int, pks)))
        queryset = self.queryset()
        parameter = IDS_PARAMETERS.get(connections[queryset.db].vendor)
        if parameter:
            condition, template = parameter
            return self.rows_where(condition, [template.format(ids)])
        return self.rows_where(f"IN ({ids})")

    def rows_where(self, condition, params=()):
        """The same rows, for the parents whose id satisfies `<parent column> <condition>`."""
        queryset = self.queryset()
        opts = queryset.model._meta
        quote = connections[queryset.db].ops.quote_name
        column = f"{quote(opts.db_table)}.{quote(opts.get_field(self.parent).column)}"
        where = RawSQL(f"{column} {condition}", params, output_field=BooleanField())  # noqa: S611
        return (
            queryset.filter(where).order_by(*self.order_by).values_list(self.parent, *self.fields)
        )

    def fetch(self, pks):
        """Parent id → the list of its items, in list order."""
        found = {}
        if self.combine:
            for parent, *values in self.rows(pks):
                found.setdefault(parent, []).append(self.combine(*values))
        else:
            for parent, value in self.rows(pks):
                found.setdefault(parent, []).append(value)
        return found


def records(*keys):
    """`combine` for a `Related` whose items are small records: nested objects in JSON,
    `a : b` in spreadsheets."""
    return lambda *values: dict(zip(keys, values, strict=True))


# --- Columns shared by the published contents ------------------------------------------------


def labels(choices):
    """`bind` turning a stored choice into its French label (`draft` → `brouillon`)."""
    mapping = {value: str(label) for value, label in choices}
    return lambda context: lambda value: mapping.get(value, value)


def page_url(url_name):
    """`bind` for the public page's address, reversed once per export, not once per row."""

    def bind(context):
        head, _slug, tail = reverse(url_name, kwargs={"slug": "slug"}).rpartition("slug")
        head = context.absolute(head)
        return lambda slug: f"{head}{slug}{tail}"

    return bind


# Columns only editors need: the public sees published rows only, so the status says nothing to
# it. The dates stay public: sitemaps and feeds already give them, and reusers sync by them.
STAFF_ONLY = ("statut",)


def publication_columns():
    return [
        Column(
            "statut",
            "« publié » ou « brouillon ».",
            fields=("status",),
            bind=labels(Status.choices),
        ),
        Column("publie_le", "Date de publication.", "published_at", Kind.DATETIME),
        Column("modifie_le", "Date de dernière modification.", "updated_at", Kind.DATETIME),
    ]


def page_url_column(url_name):
    return Column("url", "Adresse de la page publique.", fields=("slug",), bind=page_url(url_name))


def partial_date_column(key, description, field, precision_field):
    """A date at its precision, ISO 8601 reduced: `2021-08` when only the month is known."""
    return Column(
        key, description, fields=(field, precision_field), bind=lambda context: iso_partial_date
    )
