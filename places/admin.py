import json

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from content.admin import (
    FORMFIELD_OVERRIDES,
    EditorialAdminMixin,
    IncompleteFilter,
    PublicationFilter,
    publish,
    unpublish,
)
from content.admin_input import AdminInputMixin
from content.editor_admin import EditorAdminMixin, Wording
from exports.admin import EXPORT_ACTIONS, ExportAdminMixin, export_geojson
from history.admin import HistoryAdmin
from photos.admin import PhotoAdmin, PhotoInline, thumbnail
from places import duplicates_admin
from places.admin_forms import PlaceAdminForm
from places.communes import lookup as commune_lookup
from places.exports import PLACE_EXPORT
from places.imports import admin_views as import_views
from places.labels_admin import PlaceLabelInline
from places.models import (
    Commune,
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


@admin.register(Region)
class RegionAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]


@admin.register(Commune)
class CommuneAdmin(AdminInputMixin, admin.ModelAdmin):
    """The official list, loaded from data/communes.csv: read only. Searched by name, postcode
    or INSEE code in any spelling, through the normalised `search_text`."""

    list_display = ["name", "code", "kind", "postcodes", "department", "parent"]
    list_filter = ["kind", "department__region"]
    search_fields = ["search_text"]
    search_help_text = _("Nom, code postal ou code INSEE, ex. : st germain en laye, 78100.")
    fields = [
        ("name", "code", "kind"),
        "department",
        "parent",
        "postcodes",
        "former_codes",
        "population",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Also for the autocomplete, whose labels name the department.
        return super().get_queryset(request).select_related("department", "parent__department")

    def get_search_results(self, request, queryset, search_term):
        return commune_lookup.search(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The autocomplete shows str(commune): labelled pages say where each commune is.
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            return commune_lookup.LabelledPaginator(
                queryset, per_page, orphans, allow_empty_first_page
            )
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)


@admin.register(PlaceKind)
class PlaceKindAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PlacePhotoInline(PhotoInline):
    model = PlacePhoto


@admin.register(PlacePhoto)
class PlacePhotoAdmin(PhotoAdmin, HistoryAdmin):
    parent_field = "place"


@admin.register(Place)
class PlaceAdmin(
    AdminInputMixin, EditorAdminMixin, EditorialAdminMixin, ExportAdminMixin, HistoryAdmin
):
    wording = Wording(_("le lieu"), _("un lieu"), _("lieux"))
    formfield_overrides = FORMFIELD_OVERRIDES
    # Six columns fit a 1 366 px screen; the commune and department share one.
    list_display = ["cover", "name", "location", "publication", "updated_at", "site_link"]
    list_display_links = ["name"]
    list_filter = [
        PublicationFilter,
        "lifecycle",
        IncompleteFilter,
        "kinds",
        "department__region",
        "department",
        "provenances__dataset",
    ]
    list_select_related = ["department"]
    search_fields = ["name", "commune_name", "postcode", "commune_code"]
    autocomplete_fields = ["commune", "department", "sources", "kinds", "services"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at", "provenance", "commune_name", "commune_code"]
    form = PlaceAdminForm
    date_hierarchy = "updated_at"
    actions = [publish, unpublish, *EXPORT_ACTIONS, export_geojson]
    export_spec = PLACE_EXPORT
    # Apps built on places add their own inlines (funding adds the awards received).
    inlines = [PlacePhotoInline, PlaceLabelInline]
    change_list_template = "admin/places/place/change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "slug", "kinds", "summary", "description"]}),
        (
            _("Adresse"),
            {
                "fields": [
                    "street_address",
                    ("commune", "postcode"),
                    ("commune_name", "commune_code", "department"),
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("Le lieu"),
            {
                "fields": [
                    "surface_m2",
                    "lifecycle",
                    ("opened_on", "opened_on_precision", "year_opened_is_approximate"),
                    ("closed_on", "closed_on_precision"),
                    "closure_reason",
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

    def has_other_source(self, place):
        # The dataset a place was imported from is its source.
        return place.provenances.exists()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(PlacePhoto.cover_prefetch("place"))

    @admin.display(description=_("commune"), ordering="commune_name")
    def location(self, place):
        return ", ".join(str(part) for part in (place.commune_name, place.department) if part)

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

    def get_urls(self):
        return [*import_views.urls(self), *duplicates_admin.urls(self), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": import_views.can_import(request.user),
        }
        return super().changelist_view(request, extra_context)


@admin.register(Dataset)
class DatasetAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["title", "licence", "attribution"]
    search_fields = ["title"]
    readonly_fields = ["mapping_json"]
    exclude = ["mapping"]

    @admin.display(description=_("correspondance des colonnes enregistrée"))
    def mapping_json(self, dataset):
        """The saved mapping in the JSON form `import_places --mapping` reads."""
        if not dataset.mapping:
            return "—"
        text = json.dumps(dataset.mapping, ensure_ascii=False, indent=2)
        return format_html("<pre>{}</pre>", text)


@admin.register(PlaceImport)
class PlaceImportAdmin(AdminInputMixin, admin.ModelAdmin):
    """The log of admin uploads; the report page is the place's import page."""

    list_display = [
        "file_name",
        "file_format",
        "dataset",
        "state",
        "created_by",
        "created_at",
        "applied_at",
    ]
    list_filter = ["state", "file_format", "dataset"]
    list_select_related = ["created_by", "dataset"]
    fields = [
        "file_name",
        "file_format",
        "dataset",
        "skip_invalid",
        "state",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return reverse("admin:places_place_import_report", args=[obj.pk])
