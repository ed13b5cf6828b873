"""Publishing actions every content admin uses, and the sources pages cite."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from content import editorial
from content.admin_input import AdminInputMixin
from content.editor_admin import EditorAdminMixin, Wording
from content.models import Source, Status
from history.admin import HistoryAdmin


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


def _single(queryset):
    """The selected row when there is one, for a message that names it."""
    rows = list(queryset[:2])
    return rows[0] if len(rows) == 1 else None


@admin.action(description=_("Publier la sélection"), permissions=["change"])
def publish(modeladmin, request, queryset):
    # The refusals first: publish() leaves exactly these rows as drafts.
    refused = queryset.refusals()
    row = _single(queryset)
    changed = queryset.publish()
    wording = getattr(modeladmin, "wording", None)
    modeladmin.message_user(
        request,
        wording.published(changed, row)
        if wording
        else ngettext("%(count)d élément publié.", "%(count)d éléments publiés.", changed)
        % {"count": changed},
        messages.SUCCESS,
    )
    if refused:
        modeladmin.message_user(
            request,
            format_html(
                "{}<ul>{}</ul>",
                ngettext(
                    "%(count)d élément n'est pas publié, il est incomplet :",
                    "%(count)d éléments ne sont pas publiés, ils sont incomplets :",
                    len(refused),
                )
                % {"count": len(refused)},
                format_html_join(
                    "",
                    "<li>« {} » : {}</li>",
                    ((row, " ".join(map(str, why))) for row, why in refused),
                ),
            ),
            messages.WARNING,
        )


@admin.action(description=_("Repasser la sélection en brouillon"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    row = _single(queryset)
    changed = queryset.unpublish()
    wording = getattr(modeladmin, "wording", None)
    modeladmin.message_user(
        request,
        wording.unpublished(changed, row)
        if wording
        else ngettext(
            "%(count)d élément repassé en brouillon.",
            "%(count)d éléments repassés en brouillon.",
            changed,
        )
        % {"count": changed},
        messages.SUCCESS,
    )


class PublicationFilter(admin.SimpleListFilter):
    """Where a row stands for the public: a draft, published later (scheduled), or online."""

    title = _("publication")
    parameter_name = "publication"
    DRAFT, SCHEDULED, ONLINE = "brouillon", "programme", "en-ligne"

    def lookups(self, request, model_admin):
        return [
            (self.DRAFT, _("Brouillon")),
            (self.SCHEDULED, _("Programmé")),
            (self.ONLINE, _("En ligne")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        conditions = {
            self.DRAFT: Q(status=Status.DRAFT),
            self.SCHEDULED: Q(status=Status.PUBLISHED, published_at__gt=now),
            self.ONLINE: Q(status=Status.PUBLISHED, published_at__lte=now),
        }
        condition = conditions.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


class IncompleteFilter(admin.SimpleListFilter):
    """What publishing would refuse: the rows breaking an editorial rule (content.editorial)."""

    title = _("règles de publication")
    parameter_name = "incomplet"

    def lookups(self, request, model_admin):
        return [("oui", _("Incomplet"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return editorial.incomplete(queryset)
        return queryset


class EditorialAdminMixin:
    """Refuses, in the form, to publish content that cites no source.

    Sources are a many-to-many relation, saved after the model's clean(): the rule is checked
    on the submitted value. A model admin whose rows may have another source (a place's
    import provenance) says so in `has_other_source`.
    """

    def has_other_source(self, obj):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        sources_rule = editorial.rule(self.model, "sources")
        if sources_rule is None or "sources" not in form_class.base_fields:
            return form_class
        has_other_source = self.has_other_source

        class CitesSourcesForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if (
                    cleaned.get("status") == Status.PUBLISHED
                    and not cleaned.get("sources")
                    and not (self.instance.pk and has_other_source(self.instance))
                ):
                    self.add_error("sources", sources_rule.message)
                return cleaned

        CitesSourcesForm.__name__ = form_class.__name__
        return CitesSourcesForm


@admin.register(Source)
class SourceAdmin(AdminInputMixin, EditorAdminMixin, HistoryAdmin):
    wording = Wording(_("la source"), _("une source"), _("sources"), feminine=True)
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
