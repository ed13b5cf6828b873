"""How many places the public counts, per department, kept by the database itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from places.models.territories import Department


class DepartmentTally(models.Model):
    """Published places that are not closed, per department. Database triggers (places.tally)
    keep it on every insert, update and delete of a place: saves, imports, bulk updates and
    raw SQL alike, inside their own transaction. Counting the public places then reads about a
    hundred rows instead of every place. Those with coordinates are counted apart, with the
    sums of their coordinates: the map's overview puts a department at their mean. Never
    written by the application."""

    department = models.OneToOneField(
        Department,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tally",
        verbose_name=_("département"),
    )
    places = models.PositiveIntegerField(_("lieux publiés et non fermés"), default=0)
    mapped = models.PositiveIntegerField(_("dont lieux avec coordonnées"), default=0)
    latitude_sum = models.FloatField(_("somme de leurs latitudes"), default=0)
    longitude_sum = models.FloatField(_("somme de leurs longitudes"), default=0)

    class Meta:
        verbose_name = _("décompte des lieux d'un département")
        verbose_name_plural = _("décomptes des lieux par département")

    def __str__(self):
        return f"{self.department_id}: {self.places}"
