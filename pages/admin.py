from urllib.parse import quote

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from content.admin_input import AdminInputMixin
from pages import defaults
from pages.models import ContactMessage, SitePage


@admin.action(description=_("Rétablir le texte par défaut"), permissions=["change"])
def restore_defaults(modeladmin, request, queryset):
    for page in queryset:
        for name, value in defaults.PAGES[page.slug].items():
            setattr(page, name, value)
        page.save()
    modeladmin.message_user(request, _("Texte par défaut rétabli."), messages.SUCCESS)


@admin.register(SitePage)
class SitePageAdmin(AdminInputMixin, admin.ModelAdmin):
    """The pages' addresses are fixed (the footer links to them): staff edit their text only."""

    list_display = ["title", "preview_link", "to_complete", "updated_at"]
    search_fields = ["title", "body"]
    fields = ["slug", "title", "description", "body", "to_complete", "updated_at"]
    readonly_fields = ["slug", "to_complete", "updated_at"]
    actions = [restore_defaults]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("page publique"))
    def preview_link(self, page):
        return format_html(
            '<a href="{}">Voir la page<span class="visually-hidden"> « {} »</span></a>',
            page.get_absolute_url(),
            page.title,
        )

    @admin.display(description=_("passages à compléter"))
    def to_complete(self, page):
        found = page.placeholders
        if not found:
            return _("aucun")
        return ngettext("%(count)d : %(first)s", "%(count)d, dont %(first)s", len(found)) % {
            "count": len(found),
            "first": found[0],
        }


@admin.action(description=_("Marquer comme traité"), permissions=["change"])
def mark_handled(modeladmin, request, queryset):
    changed = queryset.filter(handled=False).update(handled=True)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d message marqué comme traité.",
            "%(count)d messages marqués comme traités.",
            changed,
        )
        % {"count": changed},
        messages.SUCCESS,
    )


@admin.action(description=_("Marquer comme non traité"), permissions=["change"])
def mark_unhandled(modeladmin, request, queryset):
    changed = queryset.filter(handled=True).update(handled=False)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d message marqué comme non traité.",
            "%(count)d messages marqués comme non traités.",
            changed,
        )
        % {"count": changed},
        messages.SUCCESS,
    )


@admin.register(ContactMessage)
class ContactMessageAdmin(AdminInputMixin, admin.ModelAdmin):
    """Messages as visitors wrote them: read only, except the "traité" box. The admin shows
    them escaped, like any read-only field."""

    list_display = ["created_at", "subject", "name", "email", "handled"]
    list_filter = ["handled", "subject", "created_at"]
    list_editable = ["handled"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created_at"
    fields = ["created_at", "subject", "name", "email", "reply_link", "message", "handled"]
    readonly_fields = ["created_at", "subject", "name", "email", "reply_link", "message"]
    actions = [mark_handled, mark_unhandled]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("répondre"))
    def reply_link(self, message):
        subject = quote(f"Re: {message.get_subject_display()}")
        return format_html(
            '<a href="mailto:{}?subject={}">Répondre par courriel</a>', message.email, subject
        )
