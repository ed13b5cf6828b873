"""On PostgreSQL, room in each page of the tally for the new versions of its rows.

Every counted write updates one of the tally's hundred rows. In full pages each update's new
version goes to another page and dead versions pile up until autovacuum; with half of each page
free, PostgreSQL writes the new version beside the old (a HOT update) and prunes the dead ones
as it reads the page, so the table stays a few pages long.
"""

from django.db import migrations

FILLFACTOR = 50


def _alter(apps, schema_editor, storage):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("places", "DepartmentTally")._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} {storage}")


def set_fillfactor(apps, schema_editor):
    _alter(apps, schema_editor, f"SET (fillfactor = {FILLFACTOR})")


def reset_fillfactor(apps, schema_editor):
    _alter(apps, schema_editor, "RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("places", "0017_department_tally")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
