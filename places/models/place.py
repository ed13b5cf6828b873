"""Places, their kinds, services and photos."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from content import addresses
from content.models import Publishable, Searchable, Source, Status
from content.search import build_search_text
from history.records import Recorded
from photos.models import Photo
from places.geography import address_problems, coordinates_in_france_q
from places.models.lifecycle import (
    Lifecycle,
    PlaceLifecycleMixin,
    lifecycle_constraints,
    precision_field,
)
from places.models.territories import Commune, Department

postcode_validator = RegexValidator(
    r"^\d{5}$", _("Un code postal français s'écrit avec cinq chiffres, ex. : 14650.")
)
commune_code_validator = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$",
    _("Un code commune INSEE a cinq caractères, ex. : 14137 (ou 2A004 en Corse)."),
)


# The « ouverture » sort: the most recent opening first, unknown dates last.
OPENING_DATE = Coalesce("opened_on", Value(datetime.date(1, 1, 1)), output_field=models.DateField())


def related_search_text(territory, kind_labels, service_labels):
    """`search_related` from (department name, code, region name), kinds and services."""
    return build_search_text(
        *territory, *(label["name"] for label in [*kind_labels, *service_labels])
    )


class PlaceKind(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("type de lieu")
        verbose_name_plural = _("types de lieux")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Service(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Place(PlaceLifecycleMixin, Publishable, Searchable):
    """A tiers-lieu: coworking space, shared workshop, fablab…"""

    searchable_fields = ("name", "commune_name", "postcode", "street_address", "summary")
    search_document = (
        ("name", "A"),
        ("commune_name", "B"),
        ("postcode", "B"),
        ("search_related", "B"),
        ("summary", "C"),
        ("street_address", "D"),
    )
    search_fuzzy_fields = ("search_text", "search_related")
    SEARCH_FIELDS = (*Searchable.SEARCH_FIELDS, "search_related")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=220,
        unique=True,
        help_text=_("Dernière partie de l'adresse de la page : lettres, chiffres et tirets."),
    )
    kinds = models.ManyToManyField(
        PlaceKind, blank=True, related_name="places", verbose_name=_("types de lieu")
    )
    summary = models.CharField(
        _("résumé"), max_length=300, blank=True, help_text=_("Une ou deux phrases pour les listes.")
    )
    description = models.TextField(_("description"), blank=True)
    street_address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[postcode_validator]
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="places",
        verbose_name=_("commune"),
        limit_choices_to={"kind__in": Commune.PLACE_KINDS},
        help_text=_("Tapez le nom ou le code postal : le code INSEE et le département suivent."),
    )
    commune_name = models.CharField(_("nom de la commune"), max_length=150, blank=True)
    commune_code = models.CharField(
        _("code commune INSEE"),
        max_length=5,
        blank=True,
        validators=[commune_code_validator],
        help_text=_("Code officiel géographique, différent du code postal."),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="places", verbose_name=_("département")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=10,
        decimal_places=7,
        null=True,
        blank=True,
        help_text=_("En degrés décimaux (WGS 84), ex. : 49.1923892."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=10,
        decimal_places=7,
        null=True,
        blank=True,
        help_text=_("En degrés décimaux (WGS 84), ex. : -0.3074549."),
    )
    surface_m2 = models.PositiveIntegerField(
        _("surface (m²)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    lifecycle = models.CharField(
        _("état"),
        max_length=10,
        choices=Lifecycle,
        default=Lifecycle.OPEN,
        help_text=_("Les lieux fermés gardent leur page mais sortent des listes et de la carte."),
    )
    opened_on = models.DateField(
        _("date d'ouverture"),
        null=True,
        blank=True,
        help_text=_("Pour une date connue à l'année, saisir le 1er janvier et choisir « année »."),
    )
    opened_on_precision = precision_field(_("précision de la date d'ouverture"))
    closed_on = models.DateField(_("date de fermeture"), null=True, blank=True)
    closed_on_precision = precision_field(_("précision de la date de fermeture"))
    closure_reason = models.CharField(
        _("raison de la fermeture"),
        max_length=300,
        blank=True,
        help_text=_("Obligatoire pour un lieu fermé ; affichée sur sa page."),
    )
    year_opened_is_approximate = models.BooleanField(
        _("année approximative"),
        default=False,
        help_text=_(
            "Cocher quand la source dit seulement « il y a quatre ans » : affiché « vers »."
        ),
    )
    history = models.TextField(
        _("histoire"), blank=True, help_text=_("Ex. : installé sur l'ancien site de la SMN.")
    )
    website = models.URLField(_("site web"), max_length=300, blank=True)
    services = models.ManyToManyField(
        Service, blank=True, related_name="places", verbose_name=_("services")
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="places", verbose_name=_("sources")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Copies of the kinds and services, [{"slug", "name"}] in their own order, kept by
    # places.labels: lists and pages show them without a query.
    kind_labels = models.JSONField(editable=False, default=list)
    service_labels = models.JSONField(editable=False, default=list)
    # The department, its code, the region, the kinds and the services, normalised: the search
    # index holds them beside the place's own columns (a database trigger sees only the row).
    search_related = models.TextField(editable=False, blank=True, default="")
    # Copy of the labels obtained, [{"name", "obtained_on", "ended_on", and their precisions}]
    # in the order obtained, kept by places.held_labels: the page's timeline needs no query.
    held_labels = models.JSONField(editable=False, default=list)

    revisions = Recorded()

    class Meta(Publishable.Meta):
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name", "id"]
        # Each sort and filter of the public list has its index on PostgreSQL (the kinds,
        # services, department and commune filters use their foreign keys' own; the search, a
        # GIN index made by migration 0009). The name sort includes the publication and
        # lifecycle columns: a deep page skips its first rows in the index alone (`include` is
        # PostgreSQL's).
        indexes = [
            models.Index(
                fields=["name", "id"],
                name="place_name_id_idx",
                include=["status", "published_at", "lifecycle"],
            ),
            # The list as most visitors see it (public places, closed ones left out), by name:
            # a deep page skips its first rows in this smaller index, where the one above
            # checks each row's status and lifecycle too (page 500 of 10 000 places on
            # PostgreSQL: skipping its rows took 1.4 ms with that one, 1.1 ms with this one).
            models.Index(
                fields=["name", "id"],
                name="place_public_name_idx",
                include=["published_at"],
                condition=Q(status=Status.PUBLISHED) & ~Q(lifecycle=Lifecycle.CLOSED),
            ),
            # Unknown dates last: SQLite's indexes take no NULLS LAST, a coalesced date does.
            models.Index(OPENING_DATE.desc(), "name", "id", name="place_opening_date_idx"),
            # Published rows, and the « recent » sort read backwards; with the columns that
            # counting the public places and their departments reads (home page, /lieux/),
            # which SQLite (no INCLUDE) can then count from the index alone.
            models.Index(
                fields=["status", "published_at", "id", "lifecycle", "department"],
                name="place_publication_idx",
            ),
            # A department's (or a zone's) places on the map, counted and cut into zones
            # (places.map_zones) from the index alone: their rows, scattered across the
            # table, are not read. The publication columns come right after the department,
            # so that the tally's few places scheduled later are a short range per department
            # there too; only places with coordinates, so the list's filters keep their own.
            models.Index(
                fields=[
                    "department",
                    "status",
                    "published_at",
                    "lifecycle",
                    "longitude",
                    "latitude",
                ],
                name="place_map_idx",
                condition=models.Q(latitude__isnull=False),
            ),
            models.Index(fields=["commune_code"], name="place_commune_code_idx"),
            models.Index(fields=["latitude"], name="place_latitude_idx"),
        ]
        permissions = [("import_place", _("Peut importer des lieux depuis un fichier"))]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(surface_m2__isnull=True) | Q(surface_m2__gt=0),
                name="place_surface_positive",
                violation_error_message=_("La surface doit être positive."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_together",
                violation_error_message=_(
                    "Saisissez la latitude et la longitude ensemble, ou aucune des deux."
                ),
            ),
            models.CheckConstraint(
                condition=coordinates_in_france_q(),
                name="place_coordinates_in_france",
                violation_error_message=_(
                    "Les coordonnées doivent désigner un point en France ou outre-mer."
                ),
            ),
            *lifecycle_constraints(),
        ]

    def __str__(self):
        return self.name

    def admin_label(self):
        """How the admin's selects name a place: many share a name (« La Fabrique »)."""
        department = self.department.name if self.department_id else ""
        where = ", ".join(part for part in (self.commune_name, department) if part)
        return f"{self.name} ({where})" if where else self.name

    @classmethod
    def labelled(cls, queryset):
        """`queryset` with what `admin_label` reads."""
        return queryset.select_related("department")

    def get_absolute_url(self):
        return addresses.with_slug("places:detail", self.slug)

    def save(self, *args, **kwargs):
        territory = (
            Department.objects.filter(pk=self.department_id)
            .values_list("name", "code", "region__name")
            .first()
        )
        self.search_related = related_search_text(
            territory or (), self.kind_labels, self.service_labels
        )
        super().save(*args, **kwargs)

    @property
    def kind_names(self):
        return [kind["name"] for kind in self.kind_labels]

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def openstreetmap_url(self):
        if self.has_coordinates:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=17/{self.latitude}/{self.longitude}"
            )
        return ""

    def clean(self):
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Saisissez la latitude et la longitude ensemble, ou aucune des deux."
            )
        errors.update(self.lifecycle_errors())
        if self.commune_id and not errors:
            errors.update(self.fill_from_commune())
        if self.department_id and not errors:
            problems = address_problems(
                department_code=self.department.code,
                postcode=self.postcode,
                commune_code=self.commune_code,
                latitude=self.latitude,
                longitude=self.longitude,
            )
            if problems:
                errors["department"] = problems
        if errors:
            raise ValidationError(errors)

    def fill_from_commune(self):
        """Code, name and department follow the commune; the postcode must be one of its own
        (filled in when it has only one). Returns errors by field."""
        commune = self.commune
        self.commune_code = commune.code
        self.commune_name = commune.name
        self.department_id = commune.department_id
        postcodes = commune.postcode_list
        if not self.postcode and len(postcodes) == 1:
            self.postcode = postcodes[0]
        elif self.postcode and postcodes and self.postcode not in postcodes:
            return {
                "postcode": _(
                    "Le code postal %(postcode)s n'est pas celui de %(commune)s (%(expected)s)."
                )
                % {
                    "postcode": self.postcode,
                    "commune": commune.name,
                    "expected": ", ".join(postcodes),
                }
            }
        return {}


class PlaceRedirect(models.Model):
    """The address of a place merged into another: its old page redirects to the one kept."""

    old_slug = models.SlugField(_("ancien identifiant d'adresse"), max_length=220, unique=True)
    place = models.ForeignKey(
        "Place", on_delete=models.CASCADE, related_name="redirects", verbose_name=_("lieu")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirection")
        verbose_name_plural = _("redirections")
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.place_id}"


class PlacePhoto(Photo):
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="photos", verbose_name=_("lieu")
    )

    revisions = Recorded()

    class Meta(Photo.Meta):
        verbose_name = _("photo du lieu")
        verbose_name_plural = _("photos du lieu")
