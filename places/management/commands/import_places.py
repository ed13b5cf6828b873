from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places import importers


class Command(BaseCommand):
    help = (
        "Importe des lieux depuis un fichier CSV : le recensement CGET 2019 (--format cget) ou "
        "un export CSV de ce site (--format tierslieux). Tout ou rien, sauf --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier CSV à importer.")
        parser.add_argument("--format", choices=importers.FORMATS, required=True)
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie et rend compte sans rien écrire."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Charge les lignes valides et signale les autres (sinon : tout ou rien).",
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            text = importers.decode(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Impossible de lire {path} : {error.strerror}.") from error
        except importers.ImportFileError as error:
            raise CommandError(str(error)) from error
        report = importers.run(
            text,
            options["format"],
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
        )
        self.print_report(report, options["verbosity"])
        if report.refused:
            raise CommandError(
                "Fichier refusé, rien n'a été importé. "
                + (
                    "Corrigez les lignes rejetées, ou relancez avec --skip-invalid pour "
                    "charger les autres."
                    if not report.file_errors
                    else ""
                )
            )

    def print_report(self, report, verbosity):
        write = self.stdout.write
        for error in report.file_errors:
            write(self.style.ERROR(error))
        if report.file_errors:
            return
        counts = report.counts
        verb = "Aperçu (rien n'est écrit)" if report.dry_run else "Import"
        write(f"{verb} : {len(report.rows)} lignes lues.")
        for outcome, label in importers.OUTCOME_LABELS.items():
            write(f"  {label} : {counts[outcome]}")
        corrections = report.correction_counts()
        if corrections:
            write(f"Corrections ({sum(corrections.values())}) :")
            for kind, count in corrections.most_common():
                write(f"  {importers.CORRECTION_LABELS.get(kind, kind)} : {count}")
        for row in report.rows:
            if row.outcome == importers.REJECTED:
                write(self.style.WARNING(f"Ligne {row.line} ({row.name or row.key}) rejetée :"))
                for reason in row.reasons:
                    write(f"    {reason}")
            elif row.outcome == importers.KEPT or (verbosity >= 2 and row.notes):
                write(f"Ligne {row.line} ({row.name}) :")
                for note in row.notes:
                    write(f"    {note}")
            if verbosity >= 2:
                for _kind, message in row.corrections:
                    write(f"Ligne {row.line} ({row.name}) : {message}")
        if corrections and verbosity < 2:
            write("Détail des corrections ligne par ligne : --verbosity 2.")
