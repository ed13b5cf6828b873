from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tierslieux.exports import ExportContext, export_filename
from tierslieux.models import ExportFormat, ExportLog, Source, Status


@admin.action(description=_("Publier la sélection"), permissions=["change"])
def publish(modeladmin, request, queryset):
    now = timezone.now()
    to_publish = queryset.exclude(status=Status.PUBLISHED)
    # Keep a date an editor already chose (e.g. a scheduled publication); fill in the others.
    # update() skips save(): keep updated_at honest for sitemaps and feeds.
    changed = to_publish.filter(published_at__isnull=False).update(
        status=Status.PUBLISHED, updated_at=now
    )
    changed += to_publish.filter(published_at__isnull=True).update(
        status=Status.PUBLISHED, published_at=now, updated_at=now
    )
    modeladmin.message_user(
        request,
        ngettext("%(count)d élément publié.", "%(count)d éléments publiés.", changed)
        % {"count": changed},
        messages.SUCCESS,
    )


@admin.action(description=_("Repasser la sélection en brouillon"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    changed = queryset.filter(~Q(status=Status.DRAFT)).update(
        status=Status.DRAFT, updated_at=timezone.now()
    )
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


class ExportAdminMixin:
    """For a ModelAdmin with export actions: set `export_spec` and add the actions below.

    Exporting needs its own permission (`tierslieux.export_data`, given to the editors by a
    migration) on top of seeing the list.
    """

    export_spec = None

    def has_export_permission(self, request):
        return request.user.has_perm("tierslieux.export_data") and self.has_view_permission(request)


def _export(modeladmin, request, queryset, export_format):
    """With "select all", Django hands us the filtered queryset: no ids travel in the form."""
    query = request.GET.urlencode()
    if request.POST.get("select_across") != "1":
        selected = len(request.POST.getlist(ACTION_CHECKBOX_NAME))
        query = f"sélection de {selected} ligne(s)" + (f" ; {query}" if query else "")
    ExportLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        content_type=ContentType.objects.get_for_model(queryset.model),
        format=export_format,
        row_count=queryset.count(),
        query=query[:1000],
    )
    return modeladmin.export_spec.response(
        queryset,
        export_format,
        context=ExportContext.from_request(request),
        filename=export_filename(queryset.model),
    )


@admin.action(description=_("Exporter en CSV"), permissions=["export"])
def export_csv(modeladmin, request, queryset):
    return _export(modeladmin, request, queryset, ExportFormat.CSV)


@admin.action(description=_("Exporter en Excel (XLSX)"), permissions=["export"])
def export_xlsx(modeladmin, request, queryset):
    return _export(modeladmin, request, queryset, ExportFormat.XLSX)


@admin.action(description=_("Exporter en JSON"), permissions=["export"])
def export_json(modeladmin, request, queryset):
    return _export(modeladmin, request, queryset, ExportFormat.JSON)


@admin.action(description=_("Exporter en GeoJSON"), permissions=["export"])
def export_geojson(modeladmin, request, queryset):
    return _export(modeladmin, request, queryset, ExportFormat.GEOJSON)


EXPORT_ACTIONS = [export_csv, export_xlsx, export_json]


# Editors type "www.example.org": assume HTTPS, as Django 6 will.
FORMFIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


def thumbnail(photo, size=120):
    """A small preview for lists and inlines; nothing when the file is not there yet."""
    if not photo or not photo.image:
        return _("pas de fichier")
    return format_html(
        '<img src="{}" alt="" style="max-width:{}px;max-height:{}px;object-fit:cover">',
        photo.image.url,
        size,
        size,
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


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Read-only: a trace nobody may edit, not even a superuser through the admin."""

    list_display = ["created_at", "username", "content_type", "format", "row_count", "query"]
    list_filter = ["format", "content_type"]
    list_select_related = ["content_type"]
    search_fields = ["username", "query"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
