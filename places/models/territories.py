"""The official geography: regions, departments and communes (code officiel géographique)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("région")
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return self.label(self.name, self.code)

    @staticmethod
    def label(name, code):
        """How a department is named to visitors, « Calvados (14) »: also for option lists
        read as plain rows."""
        return f"{name} ({code})"


class Commune(models.Model):
    """A commune of the code officiel géographique, loaded from `data/communes.csv`.

    Besides current communes, the list keeps the delegated and associated communes (files still
    use their names) and the municipal arrondissements of Paris, Lyon and Marseille (the census
    files places under them). A place is filed under a current commune or an arrondissement.
    """

    class Kind(models.TextChoices):
        CURRENT = "COM", _("commune")
        DELEGATED = "COMD", _("commune déléguée")
        ASSOCIATED = "COMA", _("commune associée")
        ARRONDISSEMENT = "ARM", _("arrondissement municipal")

    # What a place may be filed under.
    PLACE_KINDS = (Kind.CURRENT, Kind.ARRONDISSEMENT)

    code = models.CharField(_("code INSEE"), max_length=5)
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=100)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name=_("département")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("rattachée à"),
        help_text=_("Commune nouvelle d'une commune déléguée ; ville d'un arrondissement."),
    )
    postcodes = models.CharField(
        _("codes postaux"), max_length=200, blank=True, help_text=_("Séparés par des espaces.")
    )
    former_codes = models.CharField(
        _("anciens codes INSEE"),
        max_length=500,
        blank=True,
        help_text=_("Codes des communes fusionnées dans celle-ci, séparés par des espaces."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "kind"], name="commune_code_kind_once"),
        ]
        indexes = [models.Index(fields=["code"], name="commune_code_idx")]

    def __str__(self):
        postcodes = self.postcode_list
        if len(postcodes) == 1:
            return f"{self.name} ({postcodes[0]})"
        return f"{self.name} ({self.department_id and self.department.code})"

    @property
    def postcode_list(self):
        return self.postcodes.split()
