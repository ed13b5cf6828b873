"""Statistics for SQLite's query planner, gathered after `migrate` and after an import.

SQLite never gathers them by itself (PostgreSQL's autovacuum does). Without them it guesses that
the publication filter keeps few rows and, to show twenty places in name order, sorts every
published place: at 100 000 places the ids of /lieux/'s first page took 75 ms instead of
well under one, read in the name index. ANALYZE takes about a third of a second there.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_migrate


def gather_statistics(using=DEFAULT_DB_ALIAS):
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def gather_statistics_after_commit(using=DEFAULT_DB_ALIAS):
    """For bulk writes (an import): once they are committed, outside their transaction."""
    transaction.on_commit(lambda: gather_statistics(using), using=using)


def _migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # post_migrate is sent once per app: this app's is enough.
    if sender.name == "content":
        gather_statistics(using)


post_migrate.connect(_migrated, dispatch_uid="content.planner.migrated")
