"""The filters of the recent changes page."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class ChangesFilterForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Personne"),
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
        required=False,
        empty_label=_("Toutes"),
    )
    kind = forms.ChoiceField(label=_("Type de contenu"), required=False)
    since = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, models, **kwargs):
        super().__init__(*args, **kwargs)
        self.models = {model._meta.label_lower: model for model in models}
        kinds = sorted(
            (label, capfirst(model._meta.verbose_name_plural))
            for label, model in self.models.items()
        )
        self.fields["kind"].choices = [("", _("Tous")), *kinds]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("La date de fin précède la date de début."))
        # The moments the page compares with are stored in UTC: one that UTC cannot hold
        # (1 January of year 1 in Paris is still year 0 there) is refused, not sent.
        for name, moment in (
            ("since", _start_of(since)),
            ("until", _day_after(until)),
            ("before", cleaned.get("before")),
        ):
            if moment is not None and not _fits_in_utc(moment):
                self.add_error(name, _("Cette date est hors des limites."))
        return cleaned

    def query(self):
        """The arguments of changes.page() for these filters."""
        data = self.cleaned_data
        kind = data.get("kind")
        return {
            "models": [self.models[kind]] if kind else list(self.models.values()),
            "user_id": data["person"].pk if data.get("person") else None,
            "since": _start_of(data.get("since")),
            "until": _day_after(data.get("until")),
            "before": data.get("before"),
        }


def _fits_in_utc(moment):
    try:
        moment.astimezone(datetime.timezone.utc)
    except OverflowError:
        return False
    return True


def _day_after(day):
    if day is None or day == datetime.date.max:
        return None
    return _start_of(day + datetime.timedelta(days=1))


def _start_of(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
