"""PostgreSQL's side of the search: unaccent, pg_trgm and the `french_unaccent` text search
configuration the content apps' indexes use. Nothing on SQLite, whose FTS5 needs no setup."""

from django.db import migrations

from content.search.schema import CreateSearchConfiguration


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [CreateSearchConfiguration()]
