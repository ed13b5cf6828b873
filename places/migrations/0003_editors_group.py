from django.db import migrations

from content.permissions import grant_to_editors


def grant(apps, schema_editor):
    grant_to_editors(apps, schema_editor, "places", ["place", "placekind", "service", "placephoto"])
    grant_to_editors(apps, schema_editor, "places", ["region", "department"], actions=["view"])
    grant_to_editors(apps, schema_editor, "tierslieux", ["source"])


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_regions_departments_kinds"),
        ("tierslieux", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
