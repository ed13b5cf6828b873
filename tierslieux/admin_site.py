"""The admin site: the editors' dashboard as its home, and its models grouped by task.

Django's admin groups models by application, which follows the code's layers (a place's photos
in `places`, a visit's people in `visits`, the sources in `content`): editors look for them by
what they are doing. Installed by `tierslieux.admin_apps.AdminConfig` in place of Django's own.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# (anchor, title, models in the order shown). A model no group names goes to « Autres »:
# registering a model never hides it.
NAVIGATION = [
    (
        "lieux",
        _("Lieux"),
        ["places.place", "places.placephoto", "places.placeimport", "places.dataset"],
    ),
    (
        "financements",
        _("Financements"),
        [
            "funding.programme",
            "funding.programmeline",
            "funding.award",
            "funding.funder",
            "funding.indicator",
        ],
    ),
    ("visites", _("Visites"), ["visits.visit", "visits.visitphoto"]),
    ("pages", _("Pages du site"), ["pages.sitepage", "pages.contactmessage"]),
    (
        "referentiels",
        _("Référentiels"),
        [
            "places.region",
            "places.department",
            "places.commune",
            "places.placekind",
            "places.service",
            "places.label",
            "visits.person",
        ],
    ),
    ("sources", _("Sources"), ["content.source"]),
    (
        "comptes",
        _("Comptes"),
        [
            "auth.user",
            "auth.group",
            "axes.accessattempt",
            "axes.accessfailurelog",
            "axes.accesslog",
            "exports.exportlog",
        ],
    ),
]
OTHERS = ("autres", _("Autres"))


def group_by_task(app_list):
    """Django's list of apps (already limited to what the user may see) regrouped by task;
    groups left empty are dropped."""
    models = {
        model["model"]._meta.label_lower: model for app in app_list for model in app["models"]
    }
    groups = []
    placed = set()
    for anchor, title, labels in NAVIGATION:
        found = [models[label] for label in labels if label in models]
        placed.update(labels)
        groups.append((anchor, title, found))
    leftovers = [model for label, model in models.items() if label not in placed]
    groups.append((*OTHERS, leftovers))
    return [
        {
            "name": capfirst(title),
            "app_label": anchor,
            # A group has no page of its own: its caption leads to its first list.
            "app_url": next((model["admin_url"] for model in found if model["admin_url"]), ""),
            "has_module_perms": True,
            "models": found,
        }
        for anchor, title, found in groups
        if found
    ]


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results named as the admin's selects name them (`Model.admin_label`)."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if hasattr(obj, "admin_label"):
            result["text"] = obj.admin_label()
        return result


class SiteAdmin(admin.AdminSite):
    site_header = _("Tiers-lieux — administration")
    site_title = _("Tiers-lieux")
    index_title = _("Tableau de bord")
    index_template = "admin/dashboard.html"

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            # An application's own page lists that application's models, as Django does.
            return app_list
        return group_by_task(app_list)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        # Imported here: the site is built while the apps load, before models may be imported.
        from tierslieux import dashboard

        context = {
            "dashboard": dashboard.build(request, self.get_app_list(request)),
            **(extra_context or {}),
        }
        return super().index(request, context)
