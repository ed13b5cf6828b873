"""Export actions for any admin list, and the read-only export log."""

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from content.admin_input import AdminInputMixin
from exports.columns import ExportContext
from exports.models import ExportFormat, ExportLog
from exports.responses import export_filename


class ExportAdminMixin:
    """For a ModelAdmin with export actions: set `export_spec` and add the actions below.

    Exporting needs its own permission (`exports.export_data`, given to the editors by a
    migration) on top of seeing the list.
    """

    export_spec = None

    def has_export_permission(self, request):
        return request.user.has_perm("exports.export_data") and self.has_view_permission(request)


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


@admin.register(ExportLog)
class ExportLogAdmin(AdminInputMixin, admin.ModelAdmin):
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
