"""What a programme must carry to be published (see content.editorial)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from content.editorial import Rule, register

NO_SOURCE = _("Ce programme ne cite aucune source : ajoutez-en une avant de le publier.")


def register_rules():
    from funding.models import Programme

    def cites_no_source():
        return ~Exists(Programme.sources.through.objects.filter(programme_id=OuterRef("pk")))

    register(Programme, Rule("sources", cites_no_source, NO_SOURCE))
