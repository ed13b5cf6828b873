"""The places' full-text index: a trigger-kept vector and its GIN index on PostgreSQL, an FTS5
table kept by triggers on SQLite (content.search.schema)."""

from django.db import migrations

from content.search.schema import CreateSearchIndex


class Migration(migrations.Migration):
    dependencies = [("places", "0008_place_search_fields_and_indexes")]

    operations = [
        CreateSearchIndex(
            model_name="place",
            document=(
                ("name", "A"),
                ("commune_name", "B"),
                ("postcode", "B"),
                ("search_related", "B"),
                ("summary", "C"),
                ("street_address", "D"),
            ),
        )
    ]
