"""The export log: who took which rows out of the admin, in which format."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat)
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
        # The table kept its name when the model moved here from the project package.
        db_table = "tierslieux_exportlog"

    def __str__(self):
        return f"{self.get_format_display()} – {self.content_type.name} – {self.row_count}"
