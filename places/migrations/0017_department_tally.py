"""Public places counted per department, kept by database triggers (places.tally)."""

import django.db.models.deletion
from django.db import migrations, models

from places import tally


def install(apps, schema_editor):
    for statement in tally.install_sql(schema_editor.connection.vendor, coordinates=False):
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in tally.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0016_place_publication_index_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="DepartmentTally",
            fields=[
                (
                    "department",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="places.department",
                        verbose_name="département",
                    ),
                ),
                (
                    "places",
                    models.PositiveIntegerField(
                        default=0, verbose_name="lieux publiés et non fermés"
                    ),
                ),
            ],
            options={
                "verbose_name": "décompte des lieux d'un département",
                "verbose_name_plural": "décomptes des lieux par département",
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
