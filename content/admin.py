"""Publishing actions every content admin uses, and the sources pages cite."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from content.models import Source

# Editors type "www.example.org": assume HTTPS, as Django 6 will.
FORMFIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


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
