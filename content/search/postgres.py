"""PostgreSQL: a weighted `tsvector` column kept by a trigger, a GIN index, pg_trgm for typos.

The `french_unaccent` text search configuration (content's migration 0002) is the French one
with accents removed first: « Hérouville » and « herouville » give the same lexeme, and French
stemming makes « colombelle » find « Colombelles ».
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import F, Q

CONFIG = "french_unaccent"
# pg_trgm's own default threshold for `similarity`: « fabalb » is 0.43 from « fablab ».
SIMILARITY = 0.3
WEIGHTS = "ABCD"


def _query(words, operator):
    # Words are normalised to [a-z0-9]: nothing in them is tsquery syntax.
    return SearchQuery(
        f" {operator} ".join(f"{word}:*" for word in words), search_type="raw", config=CONFIG
    )


def match(model, words):
    """Rows whose vector holds every word as a prefix (the GIN index answers it)."""
    return Q(search_vector=_query(words, "&"))


def rank(model, words):
    """ts_rank against any of the words, weighted A (the title) to D."""
    return SearchRank(F("search_vector"), _query(words, "|"))


def similarity(word, text):
    """How close the word is to the closest run of words of the text, from 0 to 1."""
    return TrigramWordSimilarity(word, text)


# --- Schema -------------------------------------------------------------------------------


def create_sql(table, document):
    """The trigger that computes `search_vector` from the row, the GIN index, then the vectors
    of the rows already there. `document` is ((column, weight), …)."""
    parts = " ||\n    ".join(
        f"setweight(to_tsvector('{CONFIG}', coalesce(NEW.{column}::text, '')), '{weight}')"
        for column, weight in document
    )
    return [
        f"""CREATE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    {parts};
  RETURN NEW;
END
$$""",
        f"CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()",
        f"CREATE INDEX {table}_search_vector_idx ON {table} USING gin (search_vector)",
        f"UPDATE {table} SET search_vector = NULL",  # noqa: S608
    ]


def drop_sql(table):
    return [
        f"DROP INDEX IF EXISTS {table}_search_vector_idx",
        f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_search_vector()",
    ]
