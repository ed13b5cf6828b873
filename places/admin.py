from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from funding.admin import PlaceAwardInline
from places.models import Department, Place, PlaceKind, PlacePhoto, Region, Service
from tierslieux.admin import FORMFIELD_OVERRIDES, publish, thumbnail, unpublish


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


class PlacePhotoInline(admin.StackedInline):
    model = PlacePhoto
    extra = 0
    fields = [
        "preview",
        "image",
        "alt_text",
        "caption",
        ("creator", "rights_holder"),
        "credit",
        "order",
    ]
    readonly_fields = ["preview"]

    @admin.display(description=_("aperçu"))
    def preview(self, photo):
        return thumbnail(photo)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = ["name", "commune_name", "department", "status", "is_published", "updated_at"]
    list_filter = ["status", "kinds", "department__region", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "commune_name", "postcode", "commune_code"]
    autocomplete_fields = ["department", "sources", "kinds", "services"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "updated_at"
    actions = [publish, unpublish]
    inlines = [PlacePhotoInline, PlaceAwardInline]
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
        (_("Publication et sources"), {"fields": [("status", "published_at"), "sources"]}),
        (_("Suivi"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]
