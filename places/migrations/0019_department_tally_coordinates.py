"""The tally also counts the public places with coordinates, and sums their coordinates, for
the map's overview (places.tally): its triggers are replaced by ones that keep these columns."""

from django.db import migrations, models

from places import tally


def _replace(schema_editor, coordinates):
    vendor = schema_editor.connection.vendor
    for statement in tally.drop_sql(vendor) + tally.install_sql(vendor, coordinates):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in tally.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def install_with_coordinates(apps, schema_editor):
    _replace(schema_editor, coordinates=True)


def install_without_coordinates(apps, schema_editor):
    _replace(schema_editor, coordinates=False)


class Migration(migrations.Migration):
    dependencies = [("places", "0018_department_tally_fillfactor")]

    operations = [
        # The former triggers go first: they would not write the new columns.
        migrations.RunPython(drop, install_without_coordinates, elidable=False),
        migrations.AddField(
            model_name="departmenttally",
            name="mapped",
            field=models.PositiveIntegerField(
                default=0, verbose_name="dont lieux avec coordonnées"
            ),
        ),
        migrations.AddField(
            model_name="departmenttally",
            name="latitude_sum",
            field=models.FloatField(default=0, verbose_name="somme de leurs latitudes"),
        ),
        migrations.AddField(
            model_name="departmenttally",
            name="longitude_sum",
            field=models.FloatField(default=0, verbose_name="somme de leurs longitudes"),
        ),
        migrations.RunPython(install_with_coordinates, drop, elidable=False),
    ]
