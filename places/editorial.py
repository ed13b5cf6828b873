"""What a place must carry to be published (see content.editorial)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from content.editorial import Rule, register
from photos.rules import incomplete_photo_rule, photos_rule

NO_SOURCE = _("Ce lieu ne cite aucune source : ajoutez-en une avant de le publier.")


def register_rules():
    from places.models import Place, PlacePhoto, Provenance

    def cites_no_source():
        # A dataset the place was imported from is a source too.
        sources = Place.sources.through.objects.filter(place_id=OuterRef("pk"))
        provenances = Provenance.objects.filter(place_id=OuterRef("pk"))
        return ~Exists(sources) & ~Exists(provenances)

    register(Place, Rule("sources", cites_no_source, NO_SOURCE), photos_rule(PlacePhoto, "place"))
    register(PlacePhoto, incomplete_photo_rule())
