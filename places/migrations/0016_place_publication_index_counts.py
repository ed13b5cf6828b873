"""The publication index also holds what counting public places reads (lifecycle, department)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_history"),
        ("places", "0015_place_held_labels"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="place",
            name="place_publication_idx",
        ),
        migrations.AddIndex(
            model_name="place",
            index=models.Index(
                fields=["status", "published_at", "id", "lifecycle", "department"],
                name="place_publication_idx",
            ),
        ),
    ]
