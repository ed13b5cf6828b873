"""The visits' search: their normalised title and the full-text index (a trigger-kept vector
and its GIN index on PostgreSQL, an FTS5 table on SQLite); an index for the office filter."""

import django.contrib.postgres.search
from django.db import migrations, models

from content.search.schema import CreateSearchIndex
from content.search.text import normalize


def fill_titles(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    visits = list(Visit.objects.only("pk", "title"))
    for visit in visits:
        visit.search_title = normalize(visit.title)[:300]
    Visit.objects.bulk_update(visits, ["search_title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_search_configuration"),
        # After the quotes' origin, written at the same time: one line of migrations.
        ("visits", "0006_quote_origin_photo_referenced_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="search_title",
            field=models.CharField(blank=True, default="", editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="visit",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(fields=["office"], name="participant_office_idx"),
        ),
        migrations.RunPython(fill_titles, migrations.RunPython.noop),
        CreateSearchIndex(
            model_name="visit",
            document=(("title", "A"), ("summary", "B"), ("description", "C")),
        ),
    ]
