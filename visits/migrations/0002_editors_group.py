from django.db import migrations

from content.permissions import grant_to_editors


def grant(apps, schema_editor):
    grant_to_editors(
        apps,
        schema_editor,
        "visits",
        ["person", "visit", "participant", "stop", "announcement", "quote", "visitphoto"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
        ("funding", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
