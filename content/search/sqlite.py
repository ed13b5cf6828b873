"""SQLite: an FTS5 index beside each searchable table, kept by triggers, ranked with bm25.

The index is an external-content FTS5 table (`<table>_fts`): it holds only the index, its rows
are the table's rows (rowid = id). Triggers on the table keep it in step with every insert,
update and delete, bulk ones included. Tokenizer `unicode61 remove_diacritics 2`: case and
accents ignored, no stemming — every word is matched as a prefix instead.

Typos: SQLite has no pg_trgm. A word that matches nothing is compared with the words of each
row by `search_similarity()`, a function this module gives every SQLite connection (rapidfuzz,
the duplicate finder's library): the best `fuzz.ratio` between the word and a word of the row.
"""

from django.db.backends.signals import connection_created
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.expressions import RawSQL

from content.search.text import fuzzy

# A ratio of 0.75: « fabalb » is 0.83 from « fablab », « paris » only 0.5 from « partage ».
SIMILARITY = 0.75
# bm25 column weights, as PostgreSQL weighs A to D.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
TOKENIZER = "unicode61 remove_diacritics 2"
SIMILARITY_FUNCTION = "search_similarity"


def table_of(model):
    return f"{model._meta.db_table}_fts"


def _query(words, operator):
    # Quoted: words are normalised to [a-z0-9], and FTS5 syntax stays out of them anyway.
    return f" {operator} ".join(f'"{word}"*' for word in words)


def match(model, words):
    """Rows whose index entry holds every word as a prefix: a subquery of its own, which any
    outer query (a count, a map's subquery) can use as it is."""
    table = table_of(model)
    sql = f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s'  # noqa: S608
    return Q(pk__in=RawSQL(sql, [_query(words, "AND")]))  # noqa: S611


class Rank(Func):
    """bm25 against any of the words (higher is better), read from a derived table computed once
    per query and joined on the row's id. A correlated `bm25()` per row would compute the
    index's statistics again for each row: seconds for thousands of matches."""

    output_field = FloatField()

    def __init__(self, model, words):
        super().__init__(F("pk"))
        self.table = table_of(model)
        self.weights = ", ".join(str(WEIGHTS[weight]) for _column, weight in model.search_document)
        self.query = _query(words, "OR")

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        table = self.table
        # `LIMIT -1 OFFSET 0` keeps SQLite from flattening the derived table into the outer
        # query, which would bring the per-row bm25 back.
        bm25 = f'-bm25("{table}", {self.weights})'
        scores = f'SELECT rowid AS "ref", {bm25} AS "score" FROM "{table}"'  # noqa: S608
        matching = f'{scores} WHERE "{table}" MATCH %s LIMIT -1 OFFSET 0'
        # The derived table comes second in a CROSS JOIN (SQLite keeps that order): it is then
        # materialised once per query and indexed on "ref", never run again as a co-routine for
        # each row, which SQLite may choose when it comes first.
        joined = f'(SELECT 1) AS "one" CROSS JOIN ({matching}) AS "scores"'
        sql = f'(SELECT "score" FROM {joined} WHERE "ref" = {pk_sql})'  # noqa: S608
        return sql, [self.query, *pk_params]


def rank(model, words):
    return Rank(model, words)


def similarity(word, text):
    return Func(Value(word), text, function=SIMILARITY_FUNCTION, output_field=FloatField())


def best_ratio(word, text):
    """The best `fuzz.ratio` (0 to 1) between the word and one of the text's words."""
    if not word or not text:
        return 0.0
    fuzz, process = fuzzy()
    found = process.extractOne(word, text.split(), scorer=fuzz.ratio)
    return found[1] / 100 if found else 0.0


def _register(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SIMILARITY_FUNCTION, 2, best_ratio, deterministic=True
        )


connection_created.connect(_register, dispatch_uid="content.search.sqlite")


# --- Schema -------------------------------------------------------------------------------
# Table and column names below come from model definitions and migrations, never from a request.


def create_sql(table, document):
    """The FTS5 table, its three triggers, and the index of the rows already there."""
    fts = f"{table}_fts"
    columns = [column for column, _weight in document]
    listed = ", ".join(columns)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({listed}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        *trigger_sql(table, columns),
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # noqa: S608
    ]


def trigger_sql(table, columns):
    fts = f"{table}_fts"
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    add = f"INSERT INTO {fts}(rowid, {listed}) VALUES (new.id, {new});"  # noqa: S608
    remove = f"INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', old.id, {old});"  # noqa: S608
    prefix = f"CREATE TRIGGER IF NOT EXISTS {fts}"
    return [
        f"{prefix}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"{prefix}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"{prefix}_update AFTER UPDATE OF {listed} ON {table} BEGIN {remove} {add} END",
    ]


def trigger_names(table):
    fts = f"{table}_fts"
    return [f"{fts}_insert", f"{fts}_delete", f"{fts}_update"]


def drop_sql(table):
    fts = f"{table}_fts"
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names(table)),
        f"DROP TABLE IF EXISTS {fts}",
    ]
