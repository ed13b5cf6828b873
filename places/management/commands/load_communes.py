from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from places.communes import reference
from places.models import Commune, Department, Place


def load(path):
    """Load the table from a compact file; French errors instead of tracebacks."""
    try:
        return reference.load(Commune, Department, Place, path=path)
    except reference.ReferenceError as error:
        raise CommandError(str(error)) from error
    except FileNotFoundError as error:
        raise CommandError(_("Fichier introuvable : %(path)s.") % {"path": path}) from error
    except ProtectedError as error:
        kept = sorted({str(place.commune) for place in error.protected_objects})[:10]
        raise CommandError(
            _(
                "Rien n'a changé : des lieux sont rangés sous des communes qui disparaîtraient "
                "sans commune pour les reprendre (%(communes)s). Rangez-les ailleurs d'abord."
            )
            % {"communes": ", ".join(kept)}
        ) from error


def _count(number, singular, plural):
    # French puts 0 in the singular; without a catalog, ngettext would follow English.
    return ngettext(singular, plural, max(number, 1)) % {"n": number}


def describe(result):
    return _("Communes : %(created)s, %(updated)s, %(deleted)s ; %(repointed)s.") % {
        "created": _count(result.created, "%(n)d créée", "%(n)d créées"),
        "updated": _count(result.updated, "%(n)d mise à jour", "%(n)d mises à jour"),
        "deleted": _count(result.deleted, "%(n)d supprimée", "%(n)d supprimées"),
        "repointed": _count(
            result.repointed,
            "%(n)d lieu rangé sous la commune qui a repris son code",
            "%(n)d lieux rangés sous la commune qui a repris leur code",
        ),
    }


class Command(BaseCommand):
    help = (
        "Met la table des communes en accord avec data/communes.csv (sans effet si elle l'est "
        "déjà). Les lieux d'une commune fusionnée passent sous la commune qui l'a absorbée."
    )

    def handle(self, *args, **options):
        self.stdout.write(describe(load(reference.COMMUNES_FILE)))
