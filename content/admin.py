"""Publishing actions every content admin uses, and the sources pages cite."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from content.models import Source


class NamedSplitDateTime(AdminSplitDateTime):
    """Django's date and time inputs share one legend and have no label of their own: each gets
    an accessible name, as screen readers and the RGAA require."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("Date (jj/mm/aaaa)")
        self.widgets[1].attrs["aria-label"] = _("Heure (hh:mm:ss)")


FORMFIELD_OVERRIDES = {
    # Editors type "www.example.org": assume HTTPS, as Django 6 will.
    models.URLField: {"assume_scheme": "https"},
    models.DateTimeField: {"widget": NamedSplitDateTime},
}


@admin.action(description=_("Publier la sélection"), permissions=["change"])
def publish(modeladmin, request, queryset):
    changed = queryset.publish()
    modeladmin.message_user(
        request,
        ngettext("%(count)d élément publié.", "%(count)d éléments publiés.", changed)
        % {"count": changed},
        messages.SUCCESS,
    )


@admin.action(description=_("Repasser la sélection en brouillon"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    changed = queryset.unpublish()
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d élément repassé en brouillon.",
            "%(count)d éléments repassés en brouillon.",
            changed,
        )
        % {"count": changed},
        messages.SUCCESS,
    )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = ["title", "publisher", "author", "published_display", "url"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "author", "url"]
    fields = [
        "title",
        "publisher",
        "author",
        "url",
        ("published_on", "published_on_precision"),
        "accessed_on",
        "note",
    ]

    @admin.display(description=_("publiée"), ordering="published_on")
    def published_display(self, source):
        return str(source.published)
