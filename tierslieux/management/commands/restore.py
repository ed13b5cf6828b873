"""`manage.py restore ARCHIVE`: put back the database and the local media of an archive."""

from django.core.management.base import BaseCommand, CommandError

from pagecache import versions
from tierslieux import backups


class Command(BaseCommand):
    help = (
        "Remplace la base de données et les médias par ceux d'une archive de `backup`. "
        "Lancez `migrate` ensuite si l'archive est plus ancienne que le code."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archive .tar.gz écrite par `backup`.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ne pas demander de confirmation.",
        )

    def handle(self, *args, archive, interactive=True, **options):
        manifest = backups.read_manifest(archive)
        backups.check_compatible(manifest)
        if interactive:
            answer = input(
                f"La base et les médias actuels seront remplacés par ceux du {manifest['date']}. "
                "Tapez « oui » pour continuer : "
            )
            if answer.strip().lower() != "oui":
                raise CommandError("Restauration annulée.")
        backups.restore(archive)
        # Rows came back without any signal: every cached page is out of date.
        versions.changed()
        self.stdout.write(
            f"Restauration terminée : {sum(manifest['rows'].values())} lignes et "
            f"{manifest['media']['files']} médias du {manifest['date']}."
        )
