"""Official visits: who came, where they went in what order, what they announced and said."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from content import addresses
from content.dates import DatePrecision, partial_date
from content.models import PartialDatesMixin, Publishable, Searchable, Source
from funding.models import Programme, ProgrammeLine
from history.records import Recorded
from photos.models import Photo
from places.models import Place


class Person(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=200, unique=True)
    note = models.TextField(_("note"), blank=True)

    revisions = Recorded()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def admin_label(self):
        """How the admin's selects name someone: with the office they last held on a visit."""
        office = getattr(self, "latest_office", "")
        return f"{self.name}, {office}" if office else self.name

    @classmethod
    def labelled(cls, queryset):
        """`queryset` with what `admin_label` reads: one subquery, not one query per person."""
        offices = (
            Participant.objects.filter(person=models.OuterRef("pk"))
            .exclude(office="")
            .order_by("-visit__date", "-id")
            .values("office")[:1]
        )
        return queryset.annotate(latest_office=models.Subquery(offices))


class Visit(PartialDatesMixin, Publishable, Searchable):
    searchable_fields = ("title", "summary", "description")
    search_document = (("title", "A"), ("summary", "B"), ("description", "C"))

    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=250, unique=True)
    date = models.DateField(
        _("date"),
        help_text=_("Pour une visite connue au mois (« août 2021 »), saisir le 1er du mois."),
    )
    date_precision = models.CharField(
        _("précision de la date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Le site n'affiche jamais un jour qui n'est pas connu."),
    )
    summary = models.CharField(_("résumé"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    sources = models.ManyToManyField(
        Source, blank=True, related_name="visits", verbose_name=_("sources")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    partial_date_fields = {"date": "date_precision"}
    when = partial_date("date", "date_precision")

    revisions = Recorded()

    class Meta(Publishable.Meta):
        verbose_name = _("visite")
        verbose_name_plural = _("visites")
        ordering = ["-date", "-id"]
        # The list's order and its year filter; the place and office filters use the foreign
        # keys' indexes and Participant's office index, the search a GIN index (migration 0005).
        indexes = [models.Index(fields=["-date", "-id"], name="visit_newest_first_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return addresses.with_slug("visits:detail", self.slug)

    @property
    def is_known_to_the_day(self):
        return self.date_precision == DatePrecision.DAY


class ParticipantQuerySet(models.QuerySet):
    def lead_first(self):
        """Whoever leads the visit comes first, then the order the editors chose."""
        leads_first = models.Case(
            models.When(role=Participant.Role.LEADS, then=0),
            default=1,
            output_field=models.IntegerField(),
        )
        return self.order_by(leads_first, "order", "id")


class Participant(models.Model):
    """Someone who took part, by name, by office, or both: the article names ministers by office."""

    class Role(models.TextChoices):
        LEADS = "leads", _("conduit la visite")
        ACCOMPANIES = "accompanies", _("accompagne")
        HOSTS = "hosts", _("accueille")
        OTHER = "other", _("autre")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="participants", verbose_name=_("visite")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        help_text=_("Facultatif : laisser vide quand la source ne donne que la fonction."),
    )
    office = models.CharField(
        _("fonction à ce moment"),
        max_length=250,
        blank=True,
        help_text=_("Ex. : Premier ministre, ministre de la Cohésion des territoires."),
    )
    role = models.CharField(
        _("rôle dans la visite"), max_length=12, choices=Role.choices, default=Role.ACCOMPANIES
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ParticipantQuerySet.as_manager()

    revisions = Recorded()

    class Meta:
        verbose_name = _("participant ou participante")
        verbose_name_plural = _("participants")
        ordering = ["visit", "order", "id"]
        # The list's « fonction » filter and its options.
        indexes = [models.Index(fields=["office"], name="participant_office_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(office=""),
                name="participant_has_person_or_office",
                violation_error_message=_("Indiquez une personne, une fonction, ou les deux."),
            ),
        ]

    def __str__(self):
        if self.person_id and self.office:
            return f"{self.person}, {self.office}"
        return str(self.person) if self.person_id else self.office

    @property
    def is_government_member(self):
        office = self.office.lower()
        return office.startswith(("premier ministre", "première ministre", "ministre"))

    def clean(self):
        super().clean()
        if not self.person_id and not self.office.strip():
            raise ValidationError(_("Indiquez une personne, une fonction, ou les deux."))


class Stop(models.Model):
    """One step of the itinerary: a place visited, or an event with no place record."""

    class Kind(models.TextChoices):
        PLACE_VISIT = "place_visit", _("visite d'un lieu")
        ROUND_TABLE = "round_table", _("table ronde")
        SPEECH = "speech", _("discours")
        MEETING = "meeting", _("rencontre")
        OTHER = "other", _("autre")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="stops", verbose_name=_("visite")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    kind = models.CharField(
        _("nature"), max_length=12, choices=Kind.choices, default=Kind.PLACE_VISIT
    )
    place = models.ForeignKey(
        Place,
        # A place a visit went to is part of that visit's history: never deleted by accident.
        on_delete=models.PROTECT,
        related_name="stops",
        verbose_name=_("lieu visité"),
        null=True,
        blank=True,
    )
    title = models.CharField(
        _("intitulé"),
        max_length=250,
        blank=True,
        help_text=_("Pour une étape sans fiche de lieu, ex. : Table ronde sur les tiers-lieux."),
    )
    time = models.TimeField(_("heure"), null=True, blank=True)
    description = models.TextField(_("ce qui s'y est passé"), blank=True)

    revisions = Recorded()

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes de l'itinéraire")
        ordering = ["visit", "order", "id"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        if self.title:
            return self.title
        if self.place_id:
            return self.place.name
        return self.get_kind_display()


class Announcement(models.Model):
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("visite")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("programme annoncé"),
    )
    lines = models.ManyToManyField(
        ProgrammeLine,
        blank=True,
        related_name="announcements",
        verbose_name=_("lignes annoncées"),
        help_text=_("Facultatif : les lignes du programme détaillées lors de l'annonce."),
    )
    text = models.TextField(_("ce qui a été annoncé"))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    revisions = Recorded()

    class Meta:
        verbose_name = _("annonce")
        verbose_name_plural = _("annonces")
        ordering = ["visit", "order", "id"]

    def __str__(self):
        return f"{self.programme} ({self.visit})"


class Quote(models.Model):
    """Words of one participant of the visit, verbatim as the source reports them, or as a
    headline of the source puts them in their mouth."""

    class Origin(models.TextChoices):
        REPORTED = "reported", _("propos rapportés dans l'article")
        HEADLINE = "headline", _("titre de l'article")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("visite")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("auteur ou autrice"),
    )
    text = models.TextField(_("citation"), help_text=_("Les mots exacts, sans guillemets."))
    context = models.CharField(
        _("contexte"), max_length=300, blank=True, help_text=_("À quel propos, selon la source.")
    )
    origin = models.CharField(
        _("origine"),
        max_length=10,
        choices=Origin.choices,
        default=Origin.REPORTED,
        help_text=_(
            "« Titre de l'article » quand les mots viennent d'un titre de la source et non "
            "d'un compte rendu mot pour mot : la page le dit."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    revisions = Recorded()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["visit", "order", "id"]

    def __str__(self):
        return f"« {self.text[:60]} »"

    def clean(self):
        super().clean()
        if self.participant_id and self.visit_id and self.participant.visit_id != self.visit_id:
            raise ValidationError({"participant": _("Choisissez un participant de cette visite.")})


class VisitPhoto(Photo):
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("visite")
    )
    stop = models.ForeignKey(
        Stop,
        on_delete=models.SET_NULL,
        related_name="photos",
        verbose_name=_("étape"),
        null=True,
        blank=True,
    )

    revisions = Recorded()

    class Meta(Photo.Meta):
        verbose_name = _("photo de la visite")
        verbose_name_plural = _("photos de la visite")

    def clean(self):
        super().clean()
        if self.stop_id and self.visit_id and self.stop.visit_id != self.visit_id:
            raise ValidationError({"stop": _("Choisissez une étape de cette visite.")})
