from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from places.models import Department, Place, PlaceKind, PlacePhoto, Region, Service
from tierslieux.admin import (
    FORMFIELD_OVERRIDES,
    PhotoAdmin,
    PhotoInline,
    publish,
    thumbnail,
    unpublish,
)


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
class PlaceAdmin(admin.ModelAdmin):
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
    list_filter = ["status", "kinds", "department__region", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "commune_name", "postcode", "commune_code"]
    autocomplete_fields = ["department", "sources", "kinds", "services"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "updated_at"
    actions = [publish, unpublish]
    inlines = [PlacePhotoInline]
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

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(PlacePhoto.cover_prefetch())

    @admin.display(description=_("photo"))
    def cover(self, place):
        return thumbnail(place.cover_photos[0], size=60) if place.cover_photos else ""
