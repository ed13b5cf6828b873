"""Public money for tiers-lieux, down to the line, and what the figures say when they disagree."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from content import addresses
from content.dates import DatePrecision, partial_date
from content.models import PartialDatesMixin, Publishable, PublishableQuerySet, Searchable, Source
from content.money import format_money
from history.records import Recorded
from places.models import Place

ZERO = Decimal("0")
TIERS_LIEUX_MEASURE = "Tiers-lieux en France"


def money_field(verbose_name, **kwargs):
    """Euros to the cent: a DecimalField, never a float."""
    return models.DecimalField(
        verbose_name,
        max_digits=15,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        **kwargs,
    )


class Funder(models.Model):
    """A body or plan that puts money in: "France Relance", "État", a region…"""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=200, unique=True)
    website = models.URLField(_("site web"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    revisions = Recorded()

    class Meta:
        verbose_name = _("financeur")
        verbose_name_plural = _("financeurs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgrammeQuerySet(PublishableQuerySet):
    def with_line_totals(self):
        """`line_count` and `lines_sum` for lists, in the same query.

        Subqueries rather than joins: a filter on funders joins another table and would
        multiply a joined sum.
        """
        lines = ProgrammeLine.objects.filter(programme=OuterRef("pk")).order_by()
        lines = lines.values("programme")
        return self.annotate(
            line_count=Coalesce(
                Subquery(
                    lines.annotate(n=Count("pk")).values("n"), output_field=models.IntegerField()
                ),
                0,
            ),
            lines_sum=Coalesce(
                Subquery(lines.annotate(total=Sum("amount")).values("total")),
                Value(ZERO),
                output_field=models.DecimalField(max_digits=17, decimal_places=2),
            ),
        )


class Programme(PartialDatesMixin, Publishable, Searchable):
    searchable_fields = ("name", "summary", "description")
    search_document = (("name", "A"), ("summary", "B"), ("description", "C"))

    name = models.CharField(_("nom"), max_length=250)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=250, unique=True)
    summary = models.CharField(_("résumé"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    announced_on = models.DateField(
        _("date de l'annonce"),
        null=True,
        blank=True,
        help_text=_("Pour une annonce connue au mois (« août 2021 »), saisir le 1er du mois."),
    )
    announced_on_precision = models.CharField(
        _("précision de la date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    total_amount = money_field(
        _("montant total annoncé (€)"),
        null=True,
        blank=True,
        help_text=_(
            "Le total tel qu'il a été annoncé, même si les lignes ne s'y additionnent pas."
        ),
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="programmes", verbose_name=_("sources")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    partial_date_fields = {"announced_on": "announced_on_precision"}
    announced = partial_date("announced_on", "announced_on_precision")

    revisions = Recorded()

    class Meta(Publishable.Meta):
        verbose_name = _("programme de financement")
        verbose_name_plural = _("programmes de financement")
        ordering = ["-announced_on", "name", "id"]
        # The list's order and its year filter (PostgreSQL reads the index backwards too); the
        # funder filter uses ProgrammeFunding's foreign key, the search a GIN index (migration
        # 0005).
        indexes = [
            models.Index(
                fields=["-announced_on", "name", "id"],
                name="programme_newest_first_idx",
                include=["status", "published_at"],
            )
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(total_amount__isnull=True) | Q(total_amount__gte=0),
                name="programme_total_not_negative",
                violation_error_message=_("Le montant total ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return addresses.with_slug("funding:detail", self.slug)

    # The arithmetic reads `lines.all()` and `fundings.all()` so a prefetch serves every figure.

    @property
    def lines_total(self):
        return sum((line.amount for line in self.lines.all()), ZERO)

    @property
    def unallocated(self):
        """Announced total minus the lines: positive when lines are missing, negative when over."""
        if self.total_amount is None:
            return None
        return self.total_amount - self.lines_total

    @property
    def lines_exceed_total(self):
        return self.unallocated is not None and self.unallocated < 0

    @property
    def overshoot(self):
        return -self.unallocated if self.lines_exceed_total else ZERO

    @property
    def attributed_total(self):
        return sum((funding.amount for funding in self.fundings.all()), ZERO)

    @property
    def unattributed(self):
        """The part of the total that no funder is recorded as providing."""
        if self.total_amount is None:
            return None
        return self.total_amount - self.attributed_total

    @property
    def funders_overshoot(self):
        if self.unattributed is None or self.unattributed >= 0:
            return ZERO
        return -self.unattributed

    @property
    def lines_share(self):
        return self.share_of_total(self.lines_total)

    @property
    def unallocated_share(self):
        return self.share_of_total(self.unallocated)

    @property
    def unattributed_share(self):
        return self.share_of_total(self.unattributed)

    def share_of_total(self, amount):
        if not self.total_amount or amount is None:
            return None
        return amount / self.total_amount


class ProgrammeFunding(models.Model):
    """How much of a programme one funder provides (75 M€ of the 130 M€ from France Relance)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("programme")
    )
    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="fundings", verbose_name=_("financeur")
    )
    amount = money_field(_("montant (€)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    revisions = Recorded()

    class Meta:
        verbose_name = _("part d'un financeur")
        verbose_name_plural = _("parts des financeurs")
        ordering = ["-amount", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "funder"],
                name="programme_funder_once",
                violation_error_message=_("Ce financeur figure déjà dans ce programme."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="programme_funding_not_negative",
                violation_error_message=_("Le montant ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return f"{self.funder} – {self.programme}"

    @property
    def share(self):
        return self.programme.share_of_total(self.amount)


class ProgrammeLine(models.Model):
    """A named line of a programme: 20 M€ for 3 000 missions de service civique."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="lines", verbose_name=_("programme")
    )
    name = models.CharField(_("intitulé"), max_length=250)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    amount = money_field(_("montant (€)"))
    target_quantity = models.PositiveIntegerField(
        _("objectif chiffré"), null=True, blank=True, help_text=_("Ex. : 3000.")
    )
    target_unit = models.CharField(
        _("unité de l'objectif"),
        max_length=150,
        blank=True,
        help_text=_("Ex. : missions de service civique."),
    )
    description = models.TextField(_("description"), blank=True)

    revisions = Recorded()

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["programme", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "order"],
                name="programme_line_order_unique",
                violation_error_message=_(
                    "Deux lignes d'un programme ne peuvent avoir le même ordre."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="programme_line_not_negative",
                violation_error_message=_("Le montant ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=True) | ~Q(target_unit=""),
                name="programme_line_target_has_unit",
                violation_error_message=_("Un objectif chiffré doit avoir son unité."),
            ),
        ]

    def __str__(self):
        return f"{self.programme} – {self.name}"

    def admin_label(self):
        """How the admin's selects name a line: the lines of a programme share its long name."""
        return f"{self.programme} — {self.name} ({format_money(self.amount, 'full')})"

    @classmethod
    def labelled(cls, queryset):
        """`queryset` with what `admin_label` reads."""
        return queryset.select_related("programme")

    @property
    def share(self):
        return self.programme.share_of_total(self.amount)

    def clean(self):
        super().clean()
        if self.target_quantity is not None and not self.target_unit:
            raise ValidationError(
                {"target_unit": _("Précisez ce que l'objectif compte (ex. : missions).")}
            )


class Award(models.Model):
    """A line's grant to a place. Kept even if the place or line is edited later."""

    line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("ligne budgétaire"),
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="awards", verbose_name=_("lieu")
    )
    amount = money_field(_("montant (€)"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    round = models.CharField(
        _("vague"),
        max_length=100,
        blank=True,
        help_text=_("Ex. : 1re vague, appel à projets 2022."),
    )
    note = models.TextField(_("note"), blank=True)

    revisions = Recorded()

    class Meta:
        verbose_name = _("subvention")
        verbose_name_plural = _("subventions")
        ordering = ["-year", "line__programme__name", "line__order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="award_not_negative",
                violation_error_message=_("Le montant ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1990, year__lte=2100),
                name="award_year_plausible",
                violation_error_message=_("L'année doit être comprise entre 1990 et 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.line.name} → {self.place}"


class IndicatorQuerySet(models.QuerySet):
    def series(self, measure):
        return self.filter(measure=measure).select_related("source").order_by("year", "kind")


class Indicator(models.Model):
    """One figure of a series over time: 1 800 tiers-lieux in 2018, 3 500 targeted for 2022."""

    class Kind(models.TextChoices):
        OBSERVED = "observed", _("constaté")
        TARGET = "target", _("objectif")

    measure = models.CharField(
        _("ce qui est compté"), max_length=200, help_text=_("Ex. : Tiers-lieux en France.")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    value = models.PositiveBigIntegerField(_("valeur"))
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.OBSERVED)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("source"),
        null=True,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = IndicatorQuerySet.as_manager()

    revisions = Recorded()

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["measure", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "kind"],
                name="indicator_one_value_per_year",
                violation_error_message=_("Cette valeur existe déjà pour cette année."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2100),
                name="indicator_year_plausible",
                violation_error_message=_("L'année doit être comprise entre 1900 et 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.measure} {self.year} ({self.get_kind_display()}) : {self.value}"

    @classmethod
    def headline(cls, series):
        """The latest observed figure and the furthest target of a series."""
        observed = [row for row in series if row.kind == cls.Kind.OBSERVED]
        targets = [row for row in series if row.kind == cls.Kind.TARGET]
        return {
            "latest": observed[-1] if observed else None,
            "target": targets[-1] if targets else None,
        }
