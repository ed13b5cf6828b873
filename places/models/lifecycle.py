"""A place's life: planned, open since a date, closed since a date and why; the labels and
selections it obtained (« Fabrique de territoire »…), each dated at its precision.

Dates known to the year or month are stored as the first day of that period with their
precision (content.dates), as visits store theirs.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.dates import DatePrecision, partial_date, truncate_date
from content.models import PartialDatesMixin, Source
from history.records import Recorded

FIRST_DATE = datetime.date(1800, 1, 1)


class Lifecycle(models.TextChoices):
    PLANNED = "planned", _("en projet")
    OPEN = "open", _("ouvert")
    CLOSED = "closed", _("fermé")


def precision_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )


def lifecycle_constraints():
    """The place's lifecycle invariants, for Place.Meta.constraints."""
    closed = Q(lifecycle=Lifecycle.CLOSED)
    return [
        models.CheckConstraint(
            condition=~closed | Q(closed_on__isnull=False),
            name="place_closed_has_date",
            violation_error_message=_("Un lieu fermé a une date de fermeture."),
        ),
        models.CheckConstraint(
            condition=~closed | ~Q(closure_reason=""),
            name="place_closed_has_reason",
            violation_error_message=_("Un lieu fermé a une raison de fermeture."),
        ),
        models.CheckConstraint(
            condition=closed | Q(closed_on__isnull=True, closure_reason=""),
            name="place_closing_only_when_closed",
            violation_error_message=_("Seul un lieu fermé a une date et une raison de fermeture."),
        ),
        # Both dates are the first day of their period: compared as stored.
        models.CheckConstraint(
            condition=Q(opened_on__isnull=True)
            | Q(closed_on__isnull=True)
            | Q(closed_on__gte=F("opened_on")),
            name="place_closed_after_opening",
            violation_error_message=_("La fermeture ne peut pas précéder l'ouverture."),
        ),
        models.CheckConstraint(
            condition=Q(opened_on__isnull=True) | Q(opened_on__gte=FIRST_DATE),
            name="place_opened_on_plausible",
            violation_error_message=_("La date d'ouverture doit être postérieure à 1800."),
        ),
    ]


class PlaceLifecycleMixin(PartialDatesMixin):
    """The lifecycle's behaviour on Place (its fields are declared on Place itself)."""

    partial_date_fields = {
        "opened_on": "opened_on_precision",
        "closed_on": "closed_on_precision",
    }
    opened = partial_date("opened_on", "opened_on_precision")
    closed = partial_date("closed_on", "closed_on_precision")

    @property
    def year_opened(self):
        """The opening year, as the census, the importer and the exports name it."""
        return self.opened_on.year if self.opened_on else None

    @year_opened.setter
    def year_opened(self, year):
        # A finer date of the same year is kept: the year says nothing against it.
        if year is None:
            self.opened_on = None
        elif self.year_opened != int(year):
            self.opened_on = datetime.date(int(year), 1, 1)
            self.opened_on_precision = DatePrecision.YEAR

    @property
    def is_closed(self):
        return self.lifecycle == Lifecycle.CLOSED

    def lifecycle_errors(self):
        """{field: French message} of the lifecycle, for clean()."""
        errors = {}
        today = timezone.localdate()
        # As they will be stored: the first day of their period.
        opening = truncate_date(self.opened_on, self.opened_on_precision)
        closing = truncate_date(self.closed_on, self.closed_on_precision)
        if opening and opening < FIRST_DATE:
            errors["opened_on"] = _("La date d'ouverture doit être postérieure à 1800.")
        elif opening and opening > today and self.lifecycle != Lifecycle.PLANNED:
            errors["opened_on"] = _(
                "La date d'ouverture ne peut pas être dans le futur : "
                "un lieu pas encore ouvert est « en projet »."
            )
        if self.lifecycle == Lifecycle.CLOSED:
            if not closing:
                errors["closed_on"] = _("Indiquez depuis quand le lieu est fermé.")
            elif closing > today:
                errors["closed_on"] = _("La date de fermeture ne peut pas être dans le futur.")
            if not self.closure_reason.strip():
                errors["closure_reason"] = _("Indiquez pourquoi le lieu a fermé.")
        elif closing or self.closure_reason:
            errors["lifecycle"] = _(
                "Une date ou une raison de fermeture est indiquée : choisissez « fermé », "
                "ou effacez-les."
            )
        if opening and closing and closing < opening and "closed_on" not in errors:
            message = _("La fermeture (%(closed)s) ne peut pas précéder l'ouverture (%(opened)s).")
            if closing.year == opening.year:
                # "Closed in 2019" of a place opened on 15 June 2019 may well be right.
                message = _(
                    "La fermeture (%(closed)s) ne peut pas précéder l'ouverture (%(opened)s) : "
                    "précisez le mois ou le jour de la fermeture."
                )
            errors["closed_on"] = message % {"closed": self.closed, "opened": self.opened}
        return errors


class Label(models.Model):
    """A label or selection a place may obtain: « Fabrique de territoire »…"""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    awarded_by = models.CharField(
        _("décerné par"),
        max_length=200,
        blank=True,
        help_text=_("Ex. : Agence nationale de la cohésion des territoires."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="labels",
        verbose_name=_("source"),
        help_text=_("Le document qui décrit le label ou la sélection."),
    )

    revisions = Recorded()

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlaceLabel(PartialDatesMixin, models.Model):
    """A label a place obtained, from a date, until another when it ended."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="labels", verbose_name=_("lieu")
    )
    # A label held by places is their history: it cannot be deleted from under them.
    label = models.ForeignKey(
        Label, on_delete=models.PROTECT, related_name="places", verbose_name=_("label")
    )
    obtained_on = models.DateField(
        _("obtenu le"),
        help_text=_("Pour une date connue à l'année, saisir le 1er janvier et choisir « année »."),
    )
    obtained_on_precision = precision_field(_("précision de la date d'obtention"))
    ended_on = models.DateField(_("fin le"), null=True, blank=True)
    ended_on_precision = precision_field(_("précision de la date de fin"))
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="place_labels",
        verbose_name=_("source"),
    )

    partial_date_fields = {
        "obtained_on": "obtained_on_precision",
        "ended_on": "ended_on_precision",
    }
    obtained = partial_date("obtained_on", "obtained_on_precision")
    ended = partial_date("ended_on", "ended_on_precision")

    revisions = Recorded()

    class Meta:
        verbose_name = _("label du lieu")
        verbose_name_plural = _("labels du lieu")
        ordering = ["obtained_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "label", "obtained_on"],
                name="placelabel_unique_obtention",
                violation_error_message=_("Ce lieu a déjà obtenu ce label à cette date."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("obtained_on")),
                name="placelabel_ends_after_obtention",
                violation_error_message=_("La fin du label ne peut pas précéder son obtention."),
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.obtained})"

    def clean(self):
        super().clean()
        if self.obtained_on and self.obtained_on > timezone.localdate():
            raise ValidationError(
                {"obtained_on": _("La date d'obtention ne peut pas être dans le futur.")}
            )
        if self.obtained_on and self.ended_on and self.ended_on < self.obtained_on:
            raise ValidationError(
                {"ended_on": _("La fin du label ne peut pas précéder son obtention.")}
            )
