from django.contrib import admin, messages
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
from content.editor_admin import EditorAdminMixin, LabelledChoicesMixin, Wording
from content.money import format_money
from exports.admin import EXPORT_ACTIONS, ExportAdminMixin
from funding.exports import AWARD_EXPORT, PROGRAMME_EXPORT
from funding.models import (
    Award,
    Funder,
    Indicator,
    Programme,
    ProgrammeFunding,
    ProgrammeLine,
)
from history.admin import HistoryAdmin
from places.admin import PlaceAdmin


@admin.register(Funder)
class FunderAdmin(AdminInputMixin, HistoryAdmin):
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ProgrammeFundingInline(admin.TabularInline):
    model = ProgrammeFunding
    extra = 0
    autocomplete_fields = ["funder"]


class ProgrammeLineInline(admin.TabularInline):
    model = ProgrammeLine
    extra = 0
    fields = ["order", "name", "amount", "target_quantity", "target_unit", "description"]
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(
    AdminInputMixin, EditorAdminMixin, EditorialAdminMixin, ExportAdminMixin, HistoryAdmin
):
    wording = Wording(_("le programme"), _("un programme"), _("programmes"))
    formfield_overrides = FORMFIELD_OVERRIDES
    # What fits a 1 366 px screen; the sum of the lines is on the programme's page.
    list_display = [
        "name",
        "announced_display",
        "total_display",
        "unallocated_display",
        "line_count",
        "publication",
        "site_link",
    ]
    list_filter = [PublicationFilter, IncompleteFilter, "fundings__funder", "announced_on"]
    search_fields = ["name", "summary"]
    autocomplete_fields = ["sources"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["arithmetic", "created_at", "updated_at"]
    actions = [publish, unpublish, *EXPORT_ACTIONS]
    export_spec = PROGRAMME_EXPORT
    inlines = [ProgrammeFundingInline, ProgrammeLineInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description"]}),
        (
            _("Annonce"),
            {"fields": [("announced_on", "announced_on_precision"), "total_amount", "arithmetic"]},
        ),
        (_("Publication et sources"), {"fields": [("status", "published_at"), "sources"]}),
        (_("Suivi"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_line_totals()

    @admin.display(description=_("annonce"), ordering="announced_on")
    def announced_display(self, programme):
        return str(programme.announced)

    @admin.display(description=_("total annoncé"), ordering="total_amount")
    def total_display(self, programme):
        return format_money(programme.total_amount, "full")

    @admin.display(description=_("somme des lignes"), ordering="lines_sum")
    def lines_display(self, programme):
        return format_money(programme.lines_sum, "full")

    @admin.display(description=_("reste non réparti"))
    def unallocated_display(self, programme):
        if programme.total_amount is None:
            return "—"
        return format_money(programme.total_amount - programme.lines_sum, "full")

    @admin.display(description=_("lignes"), ordering="line_count")
    def line_count(self, programme):
        return programme.line_count

    @admin.display(description=_("calculs"))
    def arithmetic(self, programme):
        if programme.pk is None:
            return _("Les totaux s'affichent après le premier enregistrement.")
        parts = [
            f"{_('Somme des lignes')} : {format_money(programme.lines_total, 'full')}",
            f"{_('Part attribuée aux financeurs')} : "
            f"{format_money(programme.attributed_total, 'full')}",
        ]
        if programme.total_amount is not None:
            if programme.lines_exceed_total:
                parts.append(
                    f"{_('Dépassement du total annoncé')} : "
                    f"{format_money(programme.overshoot, 'full')}"
                )
            else:
                parts.append(
                    f"{_('Reste non réparti')} : {format_money(programme.unallocated, 'full')}"
                )
            parts.append(
                f"{_('Part sans financeur identifié')} : "
                f"{format_money(programme.unattributed, 'full')}"
            )
        return " · ".join(parts)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        programme = Programme.objects.prefetch_related("lines", "fundings").get(pk=form.instance.pk)
        # Sources may disagree, so saving is allowed; the editor must still see it.
        if programme.lines_exceed_total:
            self.message_user(
                request,
                _(
                    "Attention : les lignes totalisent %(lines)s, soit %(over)s de plus que le "
                    "total annoncé (%(total)s). L'enregistrement est fait ; vérifiez les sources."
                )
                % {
                    "lines": format_money(programme.lines_total, "full"),
                    "over": format_money(programme.overshoot, "full"),
                    "total": format_money(programme.total_amount, "full"),
                },
                messages.WARNING,
            )
        if programme.unattributed is not None and programme.unattributed < 0:
            self.message_user(
                request,
                _("Attention : les parts des financeurs dépassent le total annoncé de %(over)s.")
                % {"over": format_money(-programme.unattributed, "full")},
                messages.WARNING,
            )


class AwardInline(LabelledChoicesMixin, admin.TabularInline):
    model = Award
    extra = 0
    fields = ["place", "amount", "year", "round", "note"]
    autocomplete_fields = ["place"]


class PlaceAwardInline(LabelledChoicesMixin, admin.TabularInline):
    """Awards edited from the place's change form."""

    model = Award
    extra = 0
    fields = ["line", "amount", "year", "round", "note"]
    autocomplete_fields = ["line"]
    verbose_name_plural = _("subventions reçues")


# Places know nothing of funding: the place form gains its awards from here.
PlaceAdmin.inlines = [*PlaceAdmin.inlines, PlaceAwardInline]


@admin.register(ProgrammeLine)
class ProgrammeLineAdmin(AdminInputMixin, LabelledChoicesMixin, HistoryAdmin):
    list_display = ["name", "programme", "order", "amount_display", "target_quantity"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    search_fields = ["name", "programme__name"]
    autocomplete_fields = ["programme"]
    inlines = [AwardInline]

    @admin.display(description=_("montant"), ordering="amount")
    def amount_display(self, line):
        return format_money(line.amount, "full")


@admin.register(Award)
class AwardAdmin(AdminInputMixin, LabelledChoicesMixin, ExportAdminMixin, HistoryAdmin):
    list_display = ["place", "line", "programme", "amount_display", "year", "round"]
    list_filter = ["year", "line__programme", "place__department__region"]
    list_select_related = ["place", "line__programme"]
    search_fields = ["place__name", "line__name", "line__programme__name", "round"]
    autocomplete_fields = ["place", "line"]
    actions = [*EXPORT_ACTIONS]
    export_spec = AWARD_EXPORT

    @admin.display(description=_("programme"), ordering="line__programme__name")
    def programme(self, award):
        return award.line.programme

    @admin.display(description=_("montant"), ordering="amount")
    def amount_display(self, award):
        return format_money(award.amount, "full")


@admin.register(Indicator)
class IndicatorAdmin(AdminInputMixin, HistoryAdmin):
    list_display = ["measure", "year", "value", "kind", "source"]
    list_filter = ["measure", "kind"]
    list_select_related = ["source"]
    search_fields = ["measure", "note"]
    autocomplete_fields = ["source"]
