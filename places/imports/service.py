"""An import from start to end: read the file, plan, and apply when asked to.

`preview` is the dry run; `run` applies at once (the command line); `confirm` applies an upload
previewed in the admin, only if the outcome is still the one staff saw.
"""

import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from places.communes.directory import CommuneDirectory
from places.imports.applying import apply, lock_dataset
from places.imports.builtin import TIERSLIEUX, TIERSLIEUX_REQUIRED, builtin_mapping
from places.imports.datasets import give_keys, plan_dataset
from places.imports.mapping import MappingError, from_json
from places.imports.pages import PagePlanner, plan_pages
from places.imports.planning import Plan, Planner, reject_repeated_keys
from places.imports.reading import ImportFileError, read_table, require_columns
from places.imports.report import Report
from places.imports.rows import Reference, parse_row
from places.models import Dataset, PlaceImport

logger = logging.getLogger(__name__)


def busy_message():
    return _(
        "Un autre import de ce jeu de données est en cours ou vient d'être appliqué : rien "
        "n'a été écrit. Déposez le fichier à nouveau dans un instant pour voir le rapport à jour."
    )


def mapping_for(file_format, header, mapping_data=None):
    """The mapping of a built-in format, or the given one (JSON form)."""
    if file_format in (None, "", PlaceImport.Format.MAPPING):
        return from_json(mapping_data or {})
    return builtin_mapping(file_format, header)


def plan(table, mapping, *, skip_invalid=False, dry_run=True, decisions=None, duplicates="ask"):
    """Check every row and decide its fate; writes nothing."""
    report = Report(
        file_format=mapping.builtin or PlaceImport.Format.MAPPING,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        dataset=(mapping.dataset or {}).get("title", ""),
    )
    planned = Plan(report, mapping)
    try:
        missing = mapping.missing_columns(table.header)
        if missing:
            raise ImportFileError(
                _("Colonnes absentes du fichier : %(columns)s. Colonnes du fichier : %(header)s.")
                % {"columns": ", ".join(missing), "header": ", ".join(table.header)}
            )
        if mapping.builtin == TIERSLIEUX:
            require_columns(table.header, TIERSLIEUX_REQUIRED, _("un export de ce site"))
        reference = Reference(CommuneDirectory.load())
        parsed_rows = [parse_row(line, raw, mapping, reference) for line, raw in table.rows]
        report.rows = [parsed.result for parsed in parsed_rows]
        planner_class = PagePlanner if mapping.is_site_export else Planner
        planner = planner_class(planned, parsed_rows, decisions=decisions, duplicates=duplicates)
        if mapping.is_site_export:
            reject_repeated_keys(parsed_rows)
            plan_pages(planner)
        else:
            slug = mapping.dataset["slug"]
            planned.dataset = Dataset.objects.filter(slug=slug).first() or Dataset(
                **mapping.dataset
            )
            give_keys(parsed_rows)
            reject_repeated_keys(parsed_rows)
            plan_dataset(planner)
    except (ImportFileError, MappingError) as error:
        report.file_errors.append(str(error))
        report.rows = []
    if not report.rows and not report.file_errors:
        report.file_errors.append(_("Le fichier ne contient aucune ligne de données."))
    return planned


def read(data, file_name, report_format=""):
    """(table, None), or (None, a refused report) when the file cannot be read."""
    try:
        return read_table(data, file_name), None
    except ImportFileError as error:
        report = Report(file_format=report_format, dry_run=True, skip_invalid=False)
        report.file_errors.append(str(error))
        return None, report


def run(data, file_name, *, file_format=None, mapping_data=None, dry_run=False, **options):
    """Read, plan and (unless a dry run) apply in one transaction; the report either way."""
    table, refused = read(data, file_name, file_format or "")
    if refused is not None:
        return refused
    try:
        mapping = mapping_for(file_format, table.header, mapping_data)
    except MappingError as error:
        report = Report(file_format=file_format or "", dry_run=dry_run, skip_invalid=False)
        report.file_errors.append(str(error))
        return report
    if dry_run:
        return plan(table, mapping, dry_run=True, **options).report
    try:
        with transaction.atomic():
            if mapping.dataset:
                lock_dataset(mapping.dataset["slug"])
            return apply(plan(table, mapping, dry_run=False, **options))
    except (IntegrityError, DatabaseError):
        logger.warning("Import refusé : base occupée ou conflit d'écriture.", exc_info=True)
        report = Report(file_format=file_format or "", dry_run=False, skip_invalid=False)
        report.file_errors.append(busy_message())
        return report


def preview(record):
    """The dry run of an admin upload, kept on its record."""
    table, refused = read(bytes(record.data), record.file_name, record.file_format)
    if refused is None:
        try:
            mapping = mapping_for(record.file_format, table.header, record.mapping)
        except MappingError as error:
            refused = Report(file_format=record.file_format, dry_run=True, skip_invalid=False)
            refused.file_errors.append(str(error))
    report = (
        refused
        or plan(table, mapping, skip_invalid=record.skip_invalid, decisions=record.decisions).report
    )
    record.report = report.to_dict()
    record.state = PlaceImport.State.REFUSED if report.refused else PlaceImport.State.PREVIEWED
    record.save(update_fields=["report", "state"])
    return report


class Confirmation:
    APPLIED = "applied"
    CHANGED = "changed"
    ALREADY = "already"
    REFUSED = "refused"
    BUSY = "busy"


def confirm(record):
    """Apply a previewed upload: once only, one import at a time per dataset, and only if the
    outcome is still the one shown. Returns (what happened, report)."""
    try:
        with transaction.atomic():
            locked = (
                PlaceImport.objects.select_for_update()
                .filter(pk=record.pk, state=PlaceImport.State.PREVIEWED)
                .first()
            )
            if locked is None:
                return Confirmation.ALREADY, None
            table, refused = read(bytes(locked.data), locked.file_name, locked.file_format)
            if refused is not None:
                return Confirmation.REFUSED, refused
            mapping = mapping_for(locked.file_format, table.header, locked.mapping)
            if mapping.dataset:
                lock_dataset(mapping.dataset["slug"])
            planned = plan(
                table,
                mapping,
                skip_invalid=locked.skip_invalid,
                dry_run=False,
                decisions=locked.decisions,
            )
            previewed = Report.from_dict(locked.report)
            if planned.report.signature() != previewed.signature():
                locked.report = planned.report.to_dict()
                locked.save(update_fields=["report"])
                return Confirmation.CHANGED, planned.report
            report = apply(planned)
            locked.report = report.to_dict()
            locked.state = (
                PlaceImport.State.APPLIED if report.applied else PlaceImport.State.REFUSED
            )
            locked.applied_at = timezone.now() if report.applied else None
            if planned.dataset is not None and planned.dataset.pk:
                locked.dataset = planned.dataset
            locked.save(update_fields=["report", "state", "applied_at", "dataset"])
            return (Confirmation.APPLIED if report.applied else Confirmation.REFUSED), report
    except (IntegrityError, DatabaseError, MappingError):
        logger.warning("Confirmation d'import refusée : base occupée ou conflit.", exc_info=True)
        return Confirmation.BUSY, None
