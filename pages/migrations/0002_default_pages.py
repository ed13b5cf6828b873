from django.db import migrations

from content.permissions import grant_to_editors
from pages.defaults import PAGES


def create_pages(apps, schema_editor):
    """The three pages with their default French texts; a page staff already wrote is kept."""
    page_model = apps.get_model("pages", "SitePage")
    for slug, values in PAGES.items():
        page_model.objects.get_or_create(slug=slug, defaults=values)


def grant(apps, schema_editor):
    # Editors keep the pages' texts up to date and read the messages; the pages themselves
    # (their addresses) are fixed, and messages only come from the form.
    grant_to_editors(apps, schema_editor, "pages", ["sitepage"], actions=["change", "view"])
    grant_to_editors(
        apps, schema_editor, "pages", ["contactmessage"], actions=["change", "delete", "view"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_pages, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
