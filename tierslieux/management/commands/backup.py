"""`manage.py backup`: the database and the local media in one archive (tierslieux/backups.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from tierslieux import backups


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les médias dans une archive tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            dest="directory",
            default=None,
            help="Dossier où écrire l'archive (par défaut DJANGO_BACKUP_DIR).",
        )

    def handle(self, *args, directory=None, **options):
        archive = backups.create(directory or settings.BACKUP_DIR)
        manifest = backups.read_manifest(archive)
        self.stdout.write(
            f"Archive écrite : {archive} ({manifest['engine']}, "
            f"{sum(manifest['rows'].values())} lignes, {manifest['media']['files']} médias)."
        )
