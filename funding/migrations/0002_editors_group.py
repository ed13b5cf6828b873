from django.db import migrations

from content.permissions import grant_to_editors


def grant(apps, schema_editor):
    grant_to_editors(
        apps,
        schema_editor,
        "funding",
        ["funder", "programme", "programmefunding", "programmeline", "award", "indicator"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
        ("places", "0003_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
