from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from places.communes import reference
from places.management.commands.load_communes import describe, load
from places.models import Commune, Department

# A source that would remove more than this share of the communes is probably not the full
# list (a test file, a single department): refused unless --force.
MAX_SHRINK = 0.1


class Command(BaseCommand):
    help = (
        "Refait data/communes.csv depuis le fichier data/communes.json du paquet npm "
        "@etalab/decoupage-administratif (départements de la table seulement), puis met la "
        "table des communes à jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="communes.json du paquet npm.")
        parser.add_argument(
            "--target",
            type=Path,
            default=reference.COMMUNES_FILE,
            help="Fichier à écrire (par défaut data/communes.csv).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Accepter une liste qui retire plus de 10 %% des communes de la table.",
        )

    def handle(self, *args, **options):
        departments = set(Department.objects.values_list("code", flat=True))
        if not departments:
            raise CommandError(_("Aucun département en base : lancez d'abord « migrate »."))
        target = options["target"]
        # Written beside the target first: a refused list leaves the shipped file untouched.
        draft = target.with_name(target.name + ".nouveau")
        try:
            count = reference.build(options["source"], draft, departments=departments)
            existing = Commune.objects.count()
            if not options["force"] and existing and count < existing * (1 - MAX_SHRINK):
                raise CommandError(
                    _(
                        "Rien n'a changé : la source compte %(count)d communes, la table "
                        "%(existing)d. Vérifiez la source, ou relancez avec --force."
                    )
                    % {"count": count, "existing": existing}
                )
            draft.replace(target)
        except reference.ReferenceError as error:
            raise CommandError(str(error)) from error
        finally:
            draft.unlink(missing_ok=True)
        self.stdout.write(
            _("%(count)d communes écrites dans %(target)s.") % {"count": count, "target": target}
        )
        self.stdout.write(describe(load(target)))
