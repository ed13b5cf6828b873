"""Migration operations for the search, each doing what its database needs and nothing on the
other: PostgreSQL gets a text search configuration, a trigger-kept `search_vector` and a GIN
index; SQLite gets an FTS5 table kept by triggers.

SQLite drops a table's triggers when Django rebuilds the table, which its migrations do for most
field changes: `repair_sqlite_triggers` puts them back after every `migrate` (post_migrate) and
rebuilds the index when they were missing.
"""

from django.db import connections
from django.db.migrations.operations.base import Operation

from content.search import postgres, sqlite

SETUP_SQL = [
    # Trusted extensions since PostgreSQL 13: a database owner may create them.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TEXT SEARCH CONFIGURATION {postgres.CONFIG} (COPY = french)",
    f"ALTER TEXT SEARCH CONFIGURATION {postgres.CONFIG} "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
]
# The extensions stay: other databases objects may use them.
TEARDOWN_SQL = [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {postgres.CONFIG}"]


class _VendorOperation(Operation):
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def run(self, schema_editor, statements):
        for statement in statements:
            schema_editor.execute(statement, params=None)


class CreateSearchConfiguration(_VendorOperation):
    """PostgreSQL: unaccent, pg_trgm and the `french_unaccent` configuration. Nothing on SQLite."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.run(schema_editor, SETUP_SQL)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.run(schema_editor, TEARDOWN_SQL)

    def describe(self):
        return "Text search configuration french_unaccent (PostgreSQL)"


class CreateSearchIndex(_VendorOperation):
    """The full-text index of a model's table over `document`, ((column, weight A–D), …), with
    the rows already there indexed."""

    def __init__(self, model_name, document):
        self.model_name = model_name
        self.document = tuple(tuple(part) for part in document)

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "document": self.document},
        )

    def _table(self, app_label, state):
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        table = self._table(app_label, to_state)
        backend = _backend(schema_editor.connection.vendor)
        if backend:
            self.run(schema_editor, backend.create_sql(table, self.document))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        table = self._table(app_label, from_state)
        backend = _backend(schema_editor.connection.vendor)
        if backend:
            self.run(schema_editor, backend.drop_sql(table))

    def describe(self):
        return f"Full-text search index of {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_search_index"


def _backend(vendor):
    return {"postgresql": postgres, "sqlite": sqlite}.get(vendor)


def repair_sqlite_triggers(models, using="default"):
    """Puts back the triggers of the FTS5 tables that a table rebuild dropped, and reindexes
    those tables. Returns the tables repaired."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        repaired = []
        for model in models:
            table = model._meta.db_table
            if sqlite.table_of(model) not in existing:
                continue  # not migrated that far
            if all(name in existing for name in sqlite.trigger_names(table)):
                continue
            columns = [column for column, _weight in model.search_document]
            for statement in sqlite.trigger_sql(table, columns):
                cursor.execute(statement)
            fts = sqlite.table_of(model)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608
            repaired.append(table)
    return repaired
