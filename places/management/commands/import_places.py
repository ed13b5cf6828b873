import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places.imports import report as outcomes
from places.imports.builtin import FORMATS
from places.imports.reading import MAX_FILE_BYTES
from places.imports.report import correction_label
from places.imports.service import run
from places.models import Place


class Command(BaseCommand):
    help = (
        "Importe des lieux depuis un fichier CSV ou XLSX : le recensement CGET 2019 "
        "(--format cget), un export CSV de ce site (--format tierslieux) ou tout autre fichier "
        "décrit par une correspondance (--mapping FICHIER.json). Tout ou rien, sauf "
        "--skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier CSV ou XLSX à importer.")
        layout = parser.add_mutually_exclusive_group(required=True)
        layout.add_argument("--format", choices=FORMATS, help="Une disposition connue du site.")
        layout.add_argument(
            "--mapping", type=Path, help="Correspondance des colonnes (JSON, voir le README)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie et rend compte sans rien écrire."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Charge les lignes valides et signale les autres (sinon : tout ou rien).",
        )
        parser.add_argument(
            "--duplicates",
            choices=["ask", "attach", "create", "skip"],
            default="ask",
            help=(
                "Doublons probables : ask (par défaut) les laisse en attente d'un choix, "
                "attach les rattache au lieu le plus proche, create crée un nouveau lieu, "
                "skip les écarte. Le choix est retenu pour les imports suivants."
            ),
        )
        parser.add_argument(
            "--decide",
            action="append",
            default=[],
            metavar="LIGNE=CHOIX",
            help=(
                "Choix pour une ligne (son identifiant dans le jeu) : attach:IDENTIFIANT-DU-LIEU, "
                "create ou skip. Répétable."
            ),
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(
                    f"{path} dépasse {MAX_FILE_BYTES // (1024 * 1024)} Mo : découpez le fichier."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire {path} : {error.strerror}.") from error
        mapping_data = None
        if options["mapping"]:
            try:
                mapping_data = json.loads(options["mapping"].read_text(encoding="utf-8"))
            except OSError as error:
                raise CommandError(
                    f"Impossible de lire {options['mapping']} : {error.strerror}."
                ) from error
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise CommandError(
                    f"{options['mapping']} n'est pas un JSON valide : {error}."
                ) from error
        report = run(
            data,
            path.name,
            file_format=options["format"],
            mapping_data=mapping_data,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
            decisions=self.decisions(options["decide"]),
            duplicates=options["duplicates"],
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

    def decisions(self, items):
        decisions = {}
        for item in items:
            key, _equals, choice = item.partition("=")
            if not key or (choice not in ("create", "skip") and not choice.startswith("attach:")):
                raise CommandError(
                    f"--decide {item} : LIGNE=attach:IDENTIFIANT-DU-LIEU, LIGNE=create ou "
                    "LIGNE=skip attendu."
                )
            if choice.startswith("attach:"):
                slug = choice.partition(":")[2]
                place_id = Place.objects.filter(slug=slug).values_list("pk", flat=True).first()
                if place_id is None:
                    raise CommandError(f"--decide {item} : aucun lieu n'a l'identifiant {slug}.")
                choice = f"attach:{place_id}"
            decisions[key.strip()] = choice
        return decisions

    def print_report(self, report, verbosity):
        write = self.stdout.write
        for error in report.file_errors:
            write(self.style.ERROR(error))
        if report.file_errors:
            return
        verb = "Aperçu (rien n'est écrit)" if report.dry_run else "Import"
        dataset = f" — {report.dataset}" if report.dataset else ""
        write(f"{verb}{dataset} : {len(report.rows)} lignes lues.")
        for label, count in report.labelled_counts():
            write(f"  {label} : {count}")
        if report.applied and report.changes_nothing:
            write("Aucun changement : les lieux du site correspondent déjà au fichier.")
        corrections = report.correction_counts()
        if corrections:
            write(f"Corrections ({sum(corrections.values())}) :")
            for kind, count in corrections.most_common():
                write(f"  {correction_label(kind)} : {count}")
        for row in report.rows:
            title = f"Ligne {row.line} ({row.name or row.key})"
            if row.outcome == outcomes.REJECTED:
                write(self.style.WARNING(f"{title} rejetée :"))
                for reason in row.reasons:
                    write(f"    {reason}")
            elif row.outcome == outcomes.DUPLICATE:
                write(self.style.WARNING(f"{title}, identifiant {row.key} : doublon probable de"))
                for candidate in row.candidates:
                    where = candidate["commune"] or candidate["department"]
                    write(
                        f"    {candidate['name']} ({where}), identifiant {candidate['slug']} : "
                        f"{', '.join(candidate['reasons'])}"
                    )
                write(
                    f"    Choisir : --decide {row.key}=attach:{row.candidates[0]['slug']}, "
                    f"--decide {row.key}=create ou --decide {row.key}=skip"
                    if row.candidates
                    else ""
                )
            elif row.outcome == outcomes.KEPT or (verbosity >= 2 and (row.notes or row.changes)):
                write(f"{title} :")
                for note in row.notes:
                    write(f"    {note}")
                for label, old, new in row.changes:
                    write(f"    {label} : « {old} » → « {new} »")
            if verbosity >= 2:
                for _kind, message in row.corrections:
                    write(f"{title} : {message}")
        if corrections and verbosity < 2:
            write("Détail des corrections et des changements ligne par ligne : --verbosity 2.")
