"""The admin of labels and selections, and the inline of the ones a place obtained."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from content.admin_input import AdminInputMixin
from history.admin import HistoryAdmin
from places.models import Label, PlaceLabel


@admin.register(Label)
class LabelAdmin(AdminInputMixin, HistoryAdmin):
    # Explicit: the place count's GROUP BY drops Meta.ordering, and the autocomplete pages.
    ordering = ["name", "id"]
    list_display = ["name", "awarded_by", "place_count"]
    search_fields = ["name", "awarded_by", "description"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(place_count=Count("places"))

    @admin.display(description=_("lieux"), ordering="place_count")
    def place_count(self, label):
        return label.place_count


class PlaceLabelInline(admin.TabularInline):
    model = PlaceLabel
    extra = 0
    autocomplete_fields = ["label", "source"]
    fields = [
        "label",
        ("obtained_on", "obtained_on_precision"),
        ("ended_on", "ended_on_precision"),
        "source",
    ]
