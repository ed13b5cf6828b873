import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from funding.admin import PlaceAwardInline
from places import importers
from places.exports import PLACE_EXPORT
from places.forms import PlaceImportForm
from places.models import (
    Dataset,
    Department,
    Place,
    PlaceImport,
    PlaceKind,
    PlacePhoto,
    Provenance,
    Region,
    Service,
)
from tierslieux.admin import (
    EXPORT_ACTIONS,
    FORMFIELD_OVERRIDES,
    ExportAdminMixin,
    PhotoAdmin,
    PhotoInline,
    export_geojson,
    publish,
    thumbnail,
    unpublish,
)

# An upload waiting for confirmation goes stale: the database it was checked against moves on.
IMPORT_CONFIRMATION_DELAY = datetime.timedelta(hours=24)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]


@admin.register(PlaceKind)
class PlaceKindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PlacePhotoInline(PhotoInline):
    model = PlacePhoto


@admin.register(PlacePhoto)
class PlacePhotoAdmin(PhotoAdmin):
    parent_field = "place"


@admin.register(Place)
class PlaceAdmin(ExportAdminMixin, admin.ModelAdmin):
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = [
        "cover",
        "name",
        "commune_name",
        "department",
        "status",
        "is_published",
        "updated_at",
    ]
    list_display_links = ["name"]
    list_filter = ["status", "kinds", "department__region", "department", "provenances__dataset"]
    list_select_related = ["department"]
    search_fields = ["name", "commune_name", "postcode", "commune_code"]
    autocomplete_fields = ["department", "sources", "kinds", "services"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at", "provenance"]
    date_hierarchy = "updated_at"
    actions = [publish, unpublish, *EXPORT_ACTIONS, export_geojson]
    export_spec = PLACE_EXPORT
    inlines = [PlacePhotoInline, PlaceAwardInline]
    change_list_template = "admin/places/place/change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "slug", "kinds", "summary", "description"]}),
        (
            _("Adresse"),
            {
                "fields": [
                    "street_address",
                    ("postcode", "commune_name"),
                    ("commune_code", "department"),
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("Le lieu"),
            {
                "fields": [
                    "surface_m2",
                    ("year_opened", "year_opened_is_approximate"),
                    "history",
                    "services",
                    "website",
                ]
            },
        ),
        (
            _("Publication et sources"),
            {"fields": [("status", "published_at"), "sources", "provenance"]},
        ),
        (_("Suivi"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(PlacePhoto.cover_prefetch())

    @admin.display(description=_("photo"))
    def cover(self, place):
        return thumbnail(place.cover_photos[0], size=60) if place.cover_photos else ""

    @admin.display(description=_("provenance"))
    def provenance(self, place):
        """Where an imported place comes from; a new import will not overwrite staff edits."""
        rows = Provenance.objects.filter(place=place).select_related("dataset")
        return format_html_join(
            "",
            "<p>{} — ligne {} (importée le {}, mise à jour le {})</p>",
            (
                (
                    row.dataset.title,
                    row.row_id,
                    date_format(timezone.localtime(row.first_imported_at), "d/m/Y"),
                    date_format(timezone.localtime(row.last_imported_at), "d/m/Y"),
                )
                for row in rows
            ),
        ) or _("saisi sur le site")

    # --- Import from a file: upload, dry-run report, confirmation -------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="places_place_import"),
            path(
                "import/<int:pk>/", view(self.import_report_view), name="places_place_import_report"
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return request.user.has_perm("places.import_place")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = PlaceImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            file_format = form.cleaned_data["file_format"]
            skip_invalid = form.cleaned_data["skip_invalid"]
            text = form.cleaned_data["text"]
            report = importers.plan(text, file_format, skip_invalid=skip_invalid).report
            record = PlaceImport.objects.create(
                created_by=request.user,
                file_name=upload.name[:255],
                file_format=file_format,
                skip_invalid=skip_invalid,
                content=text,
                report=report.to_dict(),
                state=PlaceImport.State.REFUSED if report.refused else PlaceImport.State.PREVIEWED,
            )
            return redirect("admin:places_place_import_report", pk=record.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Importer des lieux"),
            "form": form,
            "recent": PlaceImport.objects.select_related("created_by")[:10],
        }
        return TemplateResponse(request, "admin/places/place/import_form.html", context)

    def import_report_view(self, request, pk):
        if not self.has_import_permission(request):
            raise PermissionDenied
        record = get_object_or_404(PlaceImport, pk=pk)
        can_confirm = (
            record.state == PlaceImport.State.PREVIEWED
            and record.created_by_id == request.user.pk
            and record.created_at >= timezone.now() - IMPORT_CONFIRMATION_DELAY
        )
        if request.method == "POST":
            if not can_confirm:
                messages.error(
                    request,
                    _("Cet import ne peut plus être confirmé : déposez le fichier à nouveau."),
                )
                return redirect("admin:places_place_import_report", pk=record.pk)
            self.confirm_import(request, record)
            return redirect("admin:places_place_import_report", pk=record.pk)
        report = importers.Report.from_dict(record.report)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Rapport d'import : %(name)s") % {"name": record.file_name},
            "record": record,
            "report": report,
            "can_confirm": can_confirm,
            "sections": report_sections(report),
            "changelist_url": reverse("admin:places_place_changelist"),
        }
        return TemplateResponse(request, "admin/places/place/import_report.html", context)

    def confirm_import(self, request, record):
        """Re-check against today's database; apply only if the outcome is what was shown."""
        previewed = importers.Report.from_dict(record.report)
        planned = importers.plan(
            record.content, record.file_format, skip_invalid=record.skip_invalid, dry_run=False
        )
        if planned.report.signature() != previewed.signature():
            record.report = planned.report.to_dict()
            record.save(update_fields=["report"])
            messages.warning(
                request,
                _(
                    "Les lieux ont changé depuis l'aperçu : voici le rapport à jour. "
                    "Vérifiez-le puis confirmez à nouveau."
                ),
            )
            return
        report = importers.apply(planned)
        record.report = report.to_dict()
        record.state = PlaceImport.State.APPLIED if report.applied else PlaceImport.State.REFUSED
        record.applied_at = timezone.now() if report.applied else None
        record.save(update_fields=["report", "state", "applied_at"])
        if report.applied:
            messages.success(
                request, _("Import terminé : %(summary)s.") % {"summary": report.summary()}
            )
        else:
            messages.error(request, _("Fichier refusé : rien n'a été importé."))


def report_sections(report):
    """The report as the admin page shows it: what is rejected or kept, then what changes."""
    rows = report.rows
    corrections = {}
    for row, kind, message in report.corrections:
        corrections.setdefault(kind, []).append((row, message))
    return {
        "counts": [
            (label, report.counts[outcome]) for outcome, label in importers.OUTCOME_LABELS.items()
        ],
        "rejected": [row for row in rows if row.outcome == importers.REJECTED],
        "kept": [row for row in rows if row.outcome == importers.KEPT],
        "noted": [row for row in rows if row.outcome == importers.UPDATE and row.notes],
        "corrections": [
            (importers.CORRECTION_LABELS.get(kind, kind), items)
            for kind, items in sorted(corrections.items(), key=lambda item: -len(item[1]))
        ],
    }


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "licence", "attribution"]
    search_fields = ["title"]


@admin.register(PlaceImport)
class PlaceImportAdmin(admin.ModelAdmin):
    """The log of admin uploads; the report page is the place's import page."""

    list_display = ["file_name", "file_format", "state", "created_by", "created_at", "applied_at"]
    list_filter = ["state", "file_format"]
    list_select_related = ["created_by"]
    fields = ["file_name", "file_format", "skip_invalid", "state", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return reverse("admin:places_place_import_report", args=[obj.pk])
