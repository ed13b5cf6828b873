"""Where imported places come from, and the imports themselves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from places.models.place import Place


class Dataset(models.Model):
    """A published dataset places were imported from, with what its licence asks us to show."""

    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    attribution = models.CharField(
        _("mention de la source"),
        max_length=300,
        help_text=_("Affichée sur la page de chaque lieu : « Source : … »."),
    )
    licence = models.CharField(_("licence"), max_length=100)
    licence_url = models.URLField(_("adresse de la licence"), max_length=300, blank=True)
    url = models.URLField(_("adresse du jeu de données"), max_length=300, blank=True)
    mapping = models.JSONField(
        _("correspondance des colonnes"),
        default=dict,
        blank=True,
        help_text=_(
            "Enregistrée au premier import du fichier, réutilisée pour ses versions suivantes."
        ),
    )

    class Meta:
        verbose_name = _("jeu de données")
        verbose_name_plural = _("jeux de données")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Provenance(models.Model):
    """Which row of which dataset a place comes from, and what the importer last wrote.

    `values` is what the dataset said the last time it was imported: comparing it with the
    place tells what staff changed since, so a new import never overwrites their work.
    The place is set to NULL, not cascaded, when staff delete it: the next import then knows
    the row was removed on purpose and does not bring it back.
    """

    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provenances",
        verbose_name=_("lieu"),
    )
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.PROTECT,
        related_name="provenances",
        verbose_name=_("jeu de données"),
    )
    row_id = models.CharField(_("identifiant de la ligne"), max_length=50)
    first_imported_at = models.DateTimeField(_("premier import"))
    last_imported_at = models.DateTimeField(_("dernier import"))
    values = models.JSONField(_("valeurs importées"), default=dict, blank=True)
    skipped = models.BooleanField(
        _("ligne écartée"),
        default=False,
        help_text=_(
            "Choix fait à l'import : cette ligne n'est pas importée, ni maintenant ni plus tard."
        ),
    )

    class Meta:
        verbose_name = _("provenance")
        verbose_name_plural = _("provenances")
        ordering = ["dataset", "row_id"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "row_id"], name="provenance_row_once"),
            models.CheckConstraint(
                condition=models.Q(skipped=False) | models.Q(place__isnull=True),
                name="provenance_skipped_has_no_place",
            ),
        ]

    def __str__(self):
        return f"{self.dataset.slug} #{self.row_id}"


class PlaceImport(models.Model):
    """A file uploaded in the admin: its dry-run report, then its confirmation.

    The file's text is kept here rather than in the session or on disk: every worker sees it,
    it never lands in the public media folder, and it stays as the record of what was loaded.
    """

    class Format(models.TextChoices):
        CGET = "cget", _("Recensement CGET – Mission Coworking 2019 (CSV)")
        TIERSLIEUX = "tierslieux", _("Export CSV de ce site (réimport)")
        MAPPING = "mapping", _("Autre fichier, avec une correspondance des colonnes")

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("aperçu, en attente de confirmation")
        APPLIED = "applied", _("importé")
        REFUSED = "refused", _("refusé")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    skip_invalid = models.BooleanField(_("ignorer les lignes invalides"), default=False)
    data = models.BinaryField(_("contenu du fichier"), editable=False, default=bytes)
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("jeu de données"),
    )
    mapping = models.JSONField(_("correspondance utilisée"), default=dict, blank=True)
    decisions = models.JSONField(
        _("choix pour les doublons probables"),
        default=dict,
        blank=True,
        help_text=_("Par ligne : rattacher à un lieu, créer un nouveau lieu ou écarter."),
    )
    state = models.CharField(
        _("état"), max_length=20, choices=State.choices, default=State.PREVIEWED
    )
    report = models.JSONField(_("rapport"), default=dict, editable=False)
    applied_at = models.DateTimeField(_("importé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import de lieux")
        verbose_name_plural = _("imports de lieux")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"
