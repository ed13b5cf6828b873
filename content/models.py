"""What places, programmes and visits share: publication, search text, partial dates, sources."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import DateTimeField, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content import editorial
from content.dates import DatePrecision, partial_date, truncate_date
from content.search import build_search_text, normalize
from history.records import Recorded, record_bulk
from pagecache import versions


class Status(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    PUBLISHED = "published", _("publié")


def published_filter(prefix=""):
    """The one definition of what the public may see: published, and not scheduled later.
    With a prefix (`"place__"`), for rows filtered by a related row: a join the database can
    drive from the few rows asked for, where `place__in=Place.objects.published()` would first
    list every published place."""
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


def scheduled_filter():
    """Published rows the public does not see yet (scheduled later): with `published_filter`,
    every published row (a published row always has its date)."""
    return Q(status=Status.PUBLISHED, published_at__gt=timezone.now())


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_filter())

    def drafts(self):
        return self.exclude(pk__in=self.published().values("pk"))

    def incomplete(self):
        """The rows that break an editorial rule (content.editorial): they cannot be published."""
        return editorial.incomplete(self)

    def refusals(self):
        """[(row, [why])] for the rows not yet published that `publish()` would leave alone."""
        return editorial.refusals(self.exclude(status=Status.PUBLISHED))

    def publish(self, when=None):
        """Publish the rows not yet published, as `Publishable.publish` does one: a date an
        editor already chose (a scheduled publication) is kept, the others get `when` or now.
        Rows breaking an editorial rule stay drafts (`refusals()` says why): a row is
        published whole or not at all. Returns how many rows changed."""
        now = timezone.now()
        ids = list(
            editorial.complete(self.exclude(status=Status.PUBLISHED)).values_list("pk", flat=True)
        )
        return self._change(
            ids,
            _("publication"),
            status=Status.PUBLISHED,
            published_at=Coalesce("published_at", Value(when or now, DateTimeField())),
            updated_at=now,  # update() skips auto_now: sitemaps and feeds read updated_at
        )

    def unpublish(self):
        """Back to draft; returns how many rows changed."""
        ids = list(self.exclude(status=Status.DRAFT).values_list("pk", flat=True))
        return self._change(
            ids, _("retour en brouillon"), status=Status.DRAFT, updated_at=timezone.now()
        )

    def _change(self, ids, reason, **values):
        changed = 0
        rows = self.model._default_manager.using(self.db)
        with transaction.atomic(using=self.db):
            for start in range(0, len(ids), 500):
                batch = ids[start : start + 500]
                changed += rows.filter(pk__in=batch).update(**values)
                # update() sends no signal: the history is written here, one entry per row.
                record_bulk(self.model, rows.filter(pk__in=batch), update=True, reason=reason)
        if changed:
            # Nor does it tell cached pages.
            versions.changed(using=self.db)
        return changed


class Publishable(models.Model):
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=Status,
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
        """The one rule for publishing (the queryset's `publish` applies it in bulk): a date an
        editor already chose (a scheduled publication) is kept, a missing one becomes `when` or
        now. Does not save."""
        self.status = Status.PUBLISHED
        if self.published_at is None:
            self.published_at = when or timezone.now()

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED:
            self.publish()


class Searchable(models.Model):
    """What the search reads (see content.search): a normalised copy of the searchable text,
    the normalised title, and the full-text index's vector on PostgreSQL."""

    # Each model names the fields a visitor may search, its title first.
    searchable_fields = ()
    # The columns of the full-text index, ((column, weight A–D), …); changing them takes a
    # migration with content.search.schema.CreateSearchIndex.
    search_document = ()
    # The normalised columns a word that matches nothing is compared with, for typos.
    search_fuzzy_fields = ("search_text",)
    # Kept up to date by save() and by the bulk paths that call refresh_search_text().
    SEARCH_FIELDS = ("search_text", "search_title")

    search_text = models.TextField(editable=False, blank=True, default="")
    search_title = models.CharField(editable=False, blank=True, default="", max_length=300)
    # PostgreSQL fills it by a trigger and indexes it (GIN); always empty on SQLite, whose
    # index is an FTS5 table beside the model's own.
    search_vector = SearchVectorField(editable=False, null=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = list(dict.fromkeys([*update_fields, *self.SEARCH_FIELDS]))
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        self.search_text = build_search_text(
            *(getattr(self, name) for name in self.searchable_fields)
        )
        title = getattr(self, self.searchable_fields[0]) if self.searchable_fields else ""
        self.search_title = normalize(title)[:300]


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

    revisions = Recorded()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title", "id"]
        # The table kept its name when the model moved here from the project package.
        db_table = "tierslieux_source"

    def __str__(self):
        return self.title
