"""The "Éditeurs" group: staff who edit content, never user accounts.

Each app's migrations call `grant_to_editors` for the models they add, so the group follows the
schema without anyone ticking boxes in the admin.
"""

from django.contrib.auth.management import create_permissions

EDITORS_GROUP = "Éditeurs"
CONTENT_ACTIONS = ("add", "change", "delete", "view")


def grant_to_editors(apps, schema_editor, app_label, models, actions=CONTENT_ACTIONS):
    # Django creates permissions after the last migration; this migration needs them now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model in models for action in actions]
    permissions = permission_model.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions introuvables : {sorted(missing)}")
    group.permissions.add(*permissions)
