"""The history in the admin: each object's versions with their old → new values and a
"Restaurer" button (django-simple-history's views), each entry saying how it was made."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from history.context import how


class ReadableChanges(HistoricalRecordContextHelper):
    """Old → new values as editors read them: labels of choices, « oui »/« non », French
    dates, « (vide) » rather than None."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return _("(vide)")
        if getattr(field, "flatchoices", None):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return _("oui") if value else _("non")
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return date_format(value, "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "DATE_FORMAT")
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """The model admin of recorded models: every write made through the admin names its
    way (the form, a list action by its label, a restore)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with how(_("formulaire d'administration")):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with how(_("suppression depuis l'administration")):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._with_action_named(request, super().changelist_view, request, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        version = self.model._meta.simple_history_manager_attribute
        record = getattr(self.model, version).filter(history_id=version_id).first()
        when = (
            date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
            if record
            else version_id
        )
        with how(_("restauration de la version du %(date)s") % {"date": when}):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def _with_action_named(self, request, view, *args):
        name = request.POST.get("action") if request.method == "POST" else None
        action = self.get_actions(request).get(name) if name else None
        if action is not None:
            description = action[2] % {"verbose_name_plural": self.opts.verbose_name_plural}
            label = _("action « %(action)s »") % {"action": description}
        elif request.method == "POST" and "_save" in request.POST:
            label = _("modification dans la liste")
        else:
            return view(*args)
        with how(label):
            return view(*args)
