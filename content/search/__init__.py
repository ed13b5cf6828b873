"""Ranked, typo-tolerant full-text search of the public lists, on PostgreSQL and on SQLite.

Each searchable model (content.models.Searchable) names its `search_document`: the columns the
index holds, weighted A (the title) to D. Its app's migration creates the index with
`content.search.schema.CreateSearchIndex`; database triggers keep it in step with the table
(see `postgres` and `sqlite`, one module per database, chosen by the connection's vendor).

A query is split into words (case, accents, punctuation, hyphens and elided articles — l', d',
qu'… — ignored); every word must match, as a prefix. A word that matches no published row at all
is taken as a typo: rows then match it by similarity instead (pg_trgm on PostgreSQL, rapidfuzz
on SQLite). Results come in this order: the title is the query, the title starts with it as
typed, the title starts with its words after an elided article, then the index's rank
(PostgreSQL's ts_rank, SQLite's bm25) plus the typo similarities, then the title.

Every expression here is a subquery of its own or refers to the row through `F()`: a searched
queryset can be counted, sliced or used inside another query.
"""

from functools import reduce
from operator import add

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Case, Exists, FloatField, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.db.models.lookups import GreaterThanOrEqual
from django.db.models.signals import post_migrate

from content.search import postgres, sqlite
from content.search.schema import repair_sqlite_triggers
from content.search.text import (
    NORMALISED_ARTICLE,
    Terms,
    build_search_text,
    normalize,
    parse,
    words,
)

__all__ = ["Terms", "build_search_text", "normalize", "parse", "search", "words"]

BACKENDS = {"postgresql": postgres, "sqlite": sqlite}
# Annotations a searched queryset may be ordered by again (`order_by(*RELEVANCE)`).
RELEVANCE = ("search_tier", "-search_rank", "search_title", "pk")


def backend_for(queryset):
    vendor = connections[queryset.db].vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        # The site supports SQLite and PostgreSQL only (README): any other engine is a setup error.
        raise ImproperlyConfigured(
            f"Moteur de base de données non pris en charge par la recherche : {vendor} "
            "(SQLite ou PostgreSQL)."
        ) from None


def _text(model):
    """The row's normalised text, which typos are compared with."""
    fields = model.search_fuzzy_fields
    if len(fields) == 1:
        return fields[0]
    parts = [fields[0]]
    for name in fields[1:]:
        parts += [Value(" "), name]
    return Concat(*parts, output_field=TextField())


def _published(model):
    return model._default_manager.published()


def _matches(engine, model, terms):
    """Rows matching every word; when no published row does, rows matching the words that are
    found somewhere and close to the others. Both sides of a UNION ALL: PostgreSQL skips the
    second (a one-time filter) unless the first is empty, and uses the GIN index for the first."""
    strict = engine.match(model, terms.words)
    fuzzy = ~Exists(_published(model).filter(strict))
    text = _text(model)
    for word in terms.words:
        found = engine.match(model, [word])
        close = GreaterThanOrEqual(engine.similarity(word, text), engine.SIMILARITY)
        fuzzy &= found | (~Exists(_published(model).filter(found)) & close)
    rows = model._base_manager.filter(strict).order_by().values("pk")
    typos = model._base_manager.filter(fuzzy).order_by().values("pk")
    return Q(pk__in=rows.union(typos, all=True))


def _rank(engine, model, terms):
    text = _text(model)
    similarities = [
        Case(
            When(
                ~Exists(_published(model).filter(engine.match(model, [word]))),
                then=engine.similarity(word, text),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for word in terms.words
    ]
    indexed = Coalesce(engine.rank(model, terms.words), Value(0.0), output_field=FloatField())
    return reduce(add, similarities, indexed)


def _tier(terms):
    """0: the title is the query; 1: it starts as typed; 2: it starts with the words after an
    elided article (« atelier » → « L'atelier normand »); 3: anything else."""
    bare = terms.bare
    return Case(
        When(
            Q(search_title=terms.typed)
            | Q(search_title=bare)
            | Q(search_title__regex=f"^{NORMALISED_ARTICLE}{bare}$"),
            then=Value(0),
        ),
        When(search_title__startswith=terms.typed, then=Value(1)),
        When(search_title__regex=f"^{NORMALISED_ARTICLE}{bare}", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def search(queryset, query):
    """The rows of `queryset` matching `query`, by relevance (see the module's docstring); the
    queryset unchanged when the query has no word. `search_tier` and `search_rank` can order
    it again after another `order_by()`: `queryset.order_by(*RELEVANCE)`."""
    terms = parse(query)
    if terms is None:
        return queryset
    engine = backend_for(queryset)
    model = queryset.model
    return (
        queryset.filter(_matches(engine, model, terms))
        .alias(search_tier=_tier(terms), search_rank=_rank(engine, model, terms))
        .order_by(*RELEVANCE)
    )


def searchable_models():
    return [model for model in apps.get_models() if getattr(model, "search_document", ())]


def _repair(sender, using="default", **kwargs):
    # Once per `migrate`, after every app's migrations (post_migrate is sent for each app).
    if sender.name == "content":
        repair_sqlite_triggers(searchable_models(), using=using)


post_migrate.connect(_repair, dispatch_uid="content.search.repair")
