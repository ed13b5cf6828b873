from collections import Counter

from django import forms
from django.contrib import admin
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
from content.models import Status
from exports.admin import EXPORT_ACTIONS, ExportAdminMixin
from history.admin import HistoryAdmin
from photos.admin import PHOTO_FIELDS, PhotoAdmin, PhotoInline
from visits.editorial import NO_LEAD
from visits.exports import VISIT_EXPORT
from visits.models import Announcement, Participant, Person, Quote, Stop, Visit, VisitPhoto


@admin.register(Person)
class PersonAdmin(AdminInputMixin, EditorAdminMixin, HistoryAdmin):
    wording = Wording(_("la personne"), _("une personne"), _("personnes"), feminine=True)
    list_display = ["name", "latest_office"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("dernière fonction"))
    def latest_office(self, person):
        return person.latest_office or "—"


AFTER_FIRST_SAVE = {
    "participant": _(
        "Les participants de la visite s'afficheront ici après son premier enregistrement."
    ),
    "stop": _("Les étapes de la visite s'afficheront ici après son premier enregistrement."),
}


class VisitChildInline:
    """Inlines whose foreign keys must point inside the visit being edited."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        visit_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name in {"participant", "stop"}:
            model = db_field.related_model
            kwargs["queryset"] = (
                model.objects.filter(visit_id=visit_id) if visit_id else model.objects.none()
            )
            if not visit_id:
                # A new visit's participants and stops have no rows yet to choose from.
                kwargs["help_text"] = AFTER_FIRST_SAVE[db_field.name]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ParticipantFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The visit form has already put the submitted status on the instance.
        if self.instance.status != Status.PUBLISHED:
            return
        leads = [
            form
            for form in self.forms
            if form.cleaned_data.get("role") == Participant.Role.LEADS
            and not (self.can_delete and self._should_delete_form(form))
        ]
        if not leads:
            raise forms.ValidationError(NO_LEAD)


class ParticipantInline(LabelledChoicesMixin, admin.TabularInline):
    model = Participant
    formset = ParticipantFormSet
    extra = 0
    fields = ["order", "person", "office", "role", "note"]
    autocomplete_fields = ["person"]


class StopInline(LabelledChoicesMixin, admin.StackedInline):
    model = Stop
    extra = 0
    fields = [("order", "kind", "time"), "place", "title", "description"]
    autocomplete_fields = ["place"]
    ordering = ["order", "id"]


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["order", "programme", "lines", "text"]

    def clean(self):
        cleaned = super().clean()
        programme = cleaned.get("programme")
        lines = cleaned.get("lines") or []
        strays = [line for line in lines if programme and line.programme_id != programme.pk]
        if strays:
            raise forms.ValidationError(
                _("Ces lignes n'appartiennent pas au programme choisi : %(lines)s.")
                % {"lines": ", ".join(line.name for line in strays)}
            )
        return cleaned


class AnnouncementInline(LabelledChoicesMixin, admin.StackedInline):
    model = Announcement
    form = AnnouncementForm
    extra = 0
    autocomplete_fields = ["programme", "lines"]


class QuoteInline(VisitChildInline, admin.StackedInline):
    model = Quote
    extra = 0
    fields = [("order", "participant", "origin"), "text", "context"]


class VisitPhotoInline(VisitChildInline, PhotoInline):
    model = VisitPhoto
    fields = [*PHOTO_FIELDS, "stop"]


@admin.register(VisitPhoto)
class VisitPhotoAdmin(PhotoAdmin, HistoryAdmin):
    parent_field = "visit"


@admin.register(Visit)
class VisitAdmin(
    AdminInputMixin, EditorAdminMixin, EditorialAdminMixin, ExportAdminMixin, HistoryAdmin
):
    wording = Wording(_("la visite"), _("une visite"), _("visites"), feminine=True)
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = ["title", "when_display", "publication", "updated_at", "site_link"]
    list_filter = [PublicationFilter, IncompleteFilter, "date", "date_precision"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["sources"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "date"
    actions = [publish, unpublish, *EXPORT_ACTIONS]
    export_spec = VISIT_EXPORT
    inlines = [ParticipantInline, StopInline, AnnouncementInline, QuoteInline, VisitPhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("date", "date_precision"), "summary", "description"]}),
        (_("Publication et sources"), {"fields": [("status", "published_at"), "sources"]}),
        (_("Suivi"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("date"), ordering="date")
    def when_display(self, visit):
        return str(visit.when)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Itineraries are often typed from partial notes: warn, but let the editor save.
        stops = list(Stop.objects.filter(visit=form.instance))
        shared = sorted(
            order for order, count in Counter(s.order for s in stops).items() if count > 1
        )
        if shared:
            self.message_user(
                request,
                _(
                    "Attention : plusieurs étapes ont le même ordre (%(orders)s) ; "
                    "l'itinéraire ne dit pas laquelle vient d'abord."
                )
                % {"orders": ", ".join(str(order) for order in shared)},
                level="warning",
            )
        empty = [stop for stop in stops if not stop.place_id and not stop.description.strip()]
        if empty:
            self.message_user(
                request,
                _("Attention : %(count)d étape(s) n'ont ni lieu ni description.")
                % {"count": len(empty)},
                level="warning",
            )
