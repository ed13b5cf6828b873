"""What a visit must carry to be published (see content.editorial)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from content.editorial import Rule, register
from photos.rules import incomplete_photo_rule, photos_rule

NO_SOURCE = _("Cette visite ne cite aucune source : ajoutez-en une avant de la publier.")
NO_LEAD = _(
    "Cette visite n'a personne qui la conduit (participant au rôle « conduit la visite ») : "
    "ajoutez-le avant de la publier."
)


def register_rules():
    from visits.models import Participant, Visit, VisitPhoto

    def cites_no_source():
        return ~Exists(Visit.sources.through.objects.filter(visit_id=OuterRef("pk")))

    def has_no_lead():
        leads = Participant.objects.filter(visit_id=OuterRef("pk"), role=Participant.Role.LEADS)
        return ~Exists(leads)

    register(
        Visit,
        Rule("sources", cites_no_source, NO_SOURCE),
        Rule("lead", has_no_lead, NO_LEAD),
        photos_rule(VisitPhoto, "visit"),
    )
    register(VisitPhoto, incomplete_photo_rule())
