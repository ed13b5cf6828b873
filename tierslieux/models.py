"""What places, programmes and visits share: publication, sources, search and photos."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tierslieux.dates import DatePrecision, partial_date, truncate_date
from tierslieux.search import build_search_text


class Status(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    PUBLISHED = "published", _("publié")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what the public may see: published, and not scheduled later."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def drafts(self):
        return self.exclude(pk__in=self.published().values("pk"))


class Publishable(models.Model):
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Seuls les contenus publiés sont visibles du public."),
    )
    published_at = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        help_text=_(
            "Remplie automatiquement à la publication ; une date future programme la mise en ligne."
        ),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message=_("Un contenu publié doit avoir une date de publication."),
            ),
        ]

    def is_published(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = _("en ligne")

    def publish(self, when=None):
        self.status = Status.PUBLISHED
        if self.published_at is None:
            self.published_at = when or timezone.now()

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()


class Searchable(models.Model):
    """Keeps a normalised copy of the text a visitor may search (see tierslieux.search)."""

    # Each model names the fields a visitor may search.
    searchable_fields = ()

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        self.search_text = build_search_text(
            *(getattr(self, name) for name in self.searchable_fields)
        )


class PartialDatesMixin:
    """Stores dates known to the month or year as the first day of that period."""

    # {date field: its precision field}
    partial_date_fields = {}

    def save(self, *args, **kwargs):
        for field, precision_field in self.partial_date_fields.items():
            value = self._meta.get_field(field).to_python(getattr(self, field))
            setattr(self, field, truncate_date(value, getattr(self, precision_field)))
        super().save(*args, **kwargs)


class Source(PartialDatesMixin, models.Model):
    """A document that a place, programme or visit is based on: public pages cite it."""

    title = models.CharField(_("titre"), max_length=300)
    publisher = models.CharField(
        _("éditeur"),
        max_length=200,
        blank=True,
        help_text=_("Média, administration, auteur moral."),
    )
    author = models.CharField(_("auteur ou autrice"), max_length=200, blank=True)
    url = models.URLField(_("adresse web"), max_length=500, blank=True)
    published_on = models.DateField(
        _("date de publication"),
        null=True,
        blank=True,
        help_text=_("Pour une date connue au mois, saisir le 1er du mois et choisir « mois »."),
    )
    published_on_precision = models.CharField(
        _("précision de la date de publication"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    accessed_on = models.DateField(_("date de consultation"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    partial_date_fields = {"published_on": "published_on_precision"}
    published = partial_date("published_on", "published_on_precision")

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


def photo_upload_to(instance, filename):
    """A generated name: the uploader's file name and path never reach the disk."""
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"photos/{uuid.uuid4().hex}{suffix}"


class Photo(models.Model):
    """A captioned, credited photo. Places and visits attach their own subclasses."""

    image = models.ImageField(
        _("fichier image"),
        upload_to=photo_upload_to,
        blank=True,
        width_field="width",
        height_field="height",
        help_text=_("Facultatif : sans fichier, la légende s'affiche dans un cadre réservé."),
    )
    width = models.PositiveIntegerField(_("largeur (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("hauteur (px)"), null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=250,
        blank=True,
        help_text=_("Ce que l'on voit sur la photo, pour qui ne la voit pas. Pas la légende."),
    )
    caption = models.CharField(_("légende"), max_length=500, blank=True)
    creator = models.CharField(
        _("auteur ou autrice"), max_length=150, blank=True, help_text=_("Ex. : Elodie Touchais.")
    )
    rights_holder = models.CharField(
        _("détenteur des droits"), max_length=150, blank=True, help_text=_("Ex. : Radio France.")
    )
    credit = models.CharField(
        _("crédit affiché"),
        max_length=250,
        blank=True,
        help_text=_("Laisser vide pour afficher « © Détenteur - Auteur »."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return self.caption or self.alt_text or str(_("Photo sans légende"))

    @property
    def credit_line(self):
        if self.credit:
            return self.credit
        names = " - ".join(part for part in (self.rights_holder, self.creator) if part)
        return f"© {names}" if names else ""

    def clean(self):
        super().clean()
        if self.image and not self.alt_text:
            raise ValidationError(
                {"alt_text": _("Décrivez ce que montre la photo (texte alternatif obligatoire).")}
            )
        if self.alt_text and self.caption and self.alt_text.strip() == self.caption.strip():
            raise ValidationError(
                {"alt_text": _("Le texte alternatif ne doit pas répéter la légende.")}
            )


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    JSON = "json", "JSON"
    GEOJSON = "geojson", "GeoJSON"


class ExportLog(models.Model):
    """Who took which rows out of the admin, in which format: exports leave a trace."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("compte"),
    )
    # Kept as text too: the trace must survive the account's deletion.
    username = models.CharField(_("identifiant du compte"), max_length=150)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("contenu exporté")
    )
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    row_count = models.PositiveIntegerField(_("nombre de lignes"))
    query = models.CharField(
        _("filtres et recherche"),
        max_length=1000,
        blank=True,
        help_text=_("Les paramètres de la liste au moment de l'export ; vide pour « tout »."),
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("journal des exports")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        permissions = [("export_data", _("Peut exporter des données depuis l'administration"))]

    def __str__(self):
        return f"{self.get_format_display()} – {self.content_type.name} – {self.row_count}"
