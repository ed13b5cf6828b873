"""The programmes' search: their normalised title, the full-text index (a trigger-kept vector
and its GIN index on PostgreSQL, an FTS5 table on SQLite) and the list's order as an index."""

import django.contrib.postgres.search
from django.db import migrations, models

from content.search.schema import CreateSearchIndex
from content.search.text import normalize


def fill_titles(apps, schema_editor):
    Programme = apps.get_model("funding", "Programme")
    programmes = list(Programme.objects.only("pk", "name"))
    for programme in programmes:
        programme.search_title = normalize(programme.name)[:300]
    Programme.objects.bulk_update(programmes, ["search_title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_search_configuration"),
        ("funding", "0003_sources_from_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="search_title",
            field=models.CharField(blank=True, default="", editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="programme",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="programme",
            index=models.Index(
                fields=["-announced_on", "name", "id"],
                include=("status", "published_at"),
                name="programme_newest_first_idx",
            ),
        ),
        migrations.RunPython(fill_titles, migrations.RunPython.noop),
        CreateSearchIndex(
            model_name="programme",
            document=(("name", "A"), ("summary", "B"), ("description", "C")),
        ),
    ]
