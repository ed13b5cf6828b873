"""The admin's import pages: upload, column mapping, dry-run report with choices, confirmation.

The uploaded bytes are kept on a `PlaceImport` row rather than in the session or on disk: every
app server sees them, they never land in the public media folder, and they remain the record of
what was loaded.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from places.communes.directory import CommuneDirectory
from places.imports import report as outcomes
from places.imports.forms import NEW_MAPPING, DecisionsForm, MappingForm, UploadForm
from places.imports.mapping import MappingError, from_json, guess
from places.imports.reading import ImportFileError, read_table
from places.imports.report import Report, correction_label
from places.imports.rows import Reference, parse_row
from places.imports.service import Confirmation, confirm, preview
from places.models import PlaceImport

# An upload waiting for confirmation goes stale: the database it was checked against moves on.
CONFIRMATION_DELAY = datetime.timedelta(hours=24)
PREVIEW_ROWS = 5


def can_import(user):
    """Importing creates, renames and publishes places: it needs the permissions to add and
    change them (publishing is a change), on top of the import permission itself."""
    return all(
        user.has_perm(f"places.{codename}")
        for codename in ("import_place", "add_place", "change_place")
    )


def urls(model_admin):
    view = model_admin.admin_site.admin_view

    def guarded(function):
        def wrapped(request, *args, **kwargs):
            if not can_import(request.user):
                raise PermissionDenied
            return function(model_admin, request, *args, **kwargs)

        return view(wrapped)

    return [
        path("import/", guarded(upload_view), name="places_place_import"),
        path("import/<int:pk>/", guarded(report_view), name="places_place_import_report"),
        path(
            "import/<int:pk>/correspondance/",
            guarded(mapping_view),
            name="places_place_import_mapping",
        ),
    ]


def _context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        **extra,
    }


def upload_view(model_admin, request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        layout = form.cleaned_data["layout"]
        dataset = form.dataset()
        record = PlaceImport(
            created_by=request.user,
            file_name=form.cleaned_data["file"].name[:255],
            skip_invalid=form.cleaned_data["skip_invalid"],
            data=form.cleaned_data["data"],
            dataset=dataset,
        )
        if layout in (PlaceImport.Format.CGET, PlaceImport.Format.TIERSLIEUX):
            record.file_format = layout
        else:
            record.file_format = PlaceImport.Format.MAPPING
            if dataset is not None:
                record.mapping = {
                    **dataset.mapping,
                    "dataset": {
                        key: getattr(dataset, key)
                        for key in ("slug", "title", "attribution", "licence", "licence_url", "url")
                    },
                }
        record.save()
        if layout == NEW_MAPPING:
            return redirect("admin:places_place_import_mapping", pk=record.pk)
        report = preview(record)
        if dataset is not None and report.file_errors:
            messages.warning(
                request,
                _(
                    "La correspondance enregistrée ne convient pas à ce fichier (%(error)s) : "
                    "ajustez-la."
                )
                % {"error": " ".join(report.file_errors)},
            )
            return redirect("admin:places_place_import_mapping", pk=record.pk)
        return redirect("admin:places_place_import_report", pk=record.pk)
    context = _context(
        model_admin,
        request,
        _("Importer des lieux"),
        form=form,
        recent=PlaceImport.objects.select_related("created_by", "dataset")[:10],
    )
    return TemplateResponse(request, "admin/places/place/import_form.html", context)


def _own_pending(record, request):
    return (
        record.state != PlaceImport.State.APPLIED
        and record.created_by_id == request.user.pk
        and record.created_at >= timezone.now() - CONFIRMATION_DELAY
    )


def mapping_view(model_admin, request, pk):
    record = get_object_or_404(PlaceImport, pk=pk)
    if not _own_pending(record, request):
        messages.error(request, _("Cet import ne peut plus être modifié : déposez le fichier."))
        return redirect("admin:places_place_import_report", pk=record.pk)
    try:
        table = read_table(bytes(record.data), record.file_name)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("admin:places_place_import", permanent=False)
    initial_mapping = record.mapping or guess(table.header, table.rows)
    form = MappingForm(
        request.POST or None,
        header=table.header,
        table=table,
        mapping=initial_mapping,
        dataset=record.dataset,
    )
    preview_rows = []
    if request.method == "POST" and form.is_valid():
        slug = record.dataset.slug if record.dataset else ""
        data = form.mapping_data(slug)
        if "save" in request.POST:
            record.mapping = data
            record.file_format = PlaceImport.Format.MAPPING
            record.decisions = {}
            record.save(update_fields=["mapping", "file_format", "decisions"])
            preview(record)
            return redirect("admin:places_place_import_report", pk=record.pk)
        preview_rows = _preview(table, data)
    elif request.method == "GET" and record.mapping:
        try:
            preview_rows = _preview(table, record.mapping)
        except MappingError:
            preview_rows = []
    context = _context(
        model_admin,
        request,
        _("Correspondance des colonnes : %(name)s") % {"name": record.file_name},
        record=record,
        form=form,
        header=table.header,
        sample=[[raw.get(name, "") for name in table.header] for _l, raw in table.rows[:3]],
        rows_count=len(table.rows),
        preview_rows=preview_rows,
    )
    return TemplateResponse(request, "admin/places/place/import_mapping.html", context)


def _preview(table, mapping_data):
    """The first rows read through the mapping, as the import would see them."""
    mapping = from_json(mapping_data)
    reference = Reference(CommuneDirectory.load())
    shown = []
    for line, raw in table.rows[:PREVIEW_ROWS]:
        parsed = parse_row(line, raw, mapping, reference)
        values = parsed.values
        department = values.get("department")
        shown.append(
            {
                "line": line,
                "name": values.get("name", ""),
                "address": " ".join(
                    filter(None, [values.get("street_address"), values.get("postcode")])
                ),
                "commune": values.get("commune_name", ""),
                "commune_code": values.get("commune_code", ""),
                "department": str(department) if department else "",
                "kinds": ", ".join(k.name for k in parsed.kinds or []),
                "website": values.get("website", ""),
                "status": values.get("status", ""),
                "problems": parsed.result.reasons,
                "corrections": [message for _kind, message in parsed.result.corrections],
            }
        )
    return shown


def report_view(model_admin, request, pk):
    record = get_object_or_404(PlaceImport.objects.select_related("created_by", "dataset"), pk=pk)
    report = Report.from_dict(record.report)
    can_confirm = record.state == PlaceImport.State.PREVIEWED and _own_pending(record, request)
    decisions_form = DecisionsForm(
        request.POST if "decide" in request.POST else None, rows=report.duplicates
    )
    if request.method == "POST":
        if not can_confirm:
            messages.error(
                request, _("Cet import ne peut plus être confirmé : déposez le fichier à nouveau.")
            )
        elif "decide" in request.POST and decisions_form.is_valid():
            record.decisions = {**record.decisions, **decisions_form.decisions()}
            record.save(update_fields=["decisions"])
            preview(record)
            messages.success(
                request, _("Choix enregistrés : le rapport ci-dessous en tient compte.")
            )
        elif "confirm" in request.POST:
            _confirm(request, record)
        return redirect("admin:places_place_import_report", pk=record.pk)
    context = _context(
        model_admin,
        request,
        _("Rapport d'import : %(name)s") % {"name": record.file_name},
        record=record,
        report=report,
        can_confirm=can_confirm,
        decisions_form=decisions_form,
        sections=report_sections(report),
        changelist_url=reverse("admin:places_place_changelist"),
    )
    return TemplateResponse(request, "admin/places/place/import_report.html", context)


def _confirm(request, record):
    outcome, report = confirm(record)
    if outcome == Confirmation.APPLIED:
        messages.success(
            request, _("Import terminé : %(summary)s.") % {"summary": report.summary()}
        )
    elif outcome == Confirmation.CHANGED:
        messages.warning(
            request,
            _(
                "Les lieux ont changé depuis l'aperçu : voici le rapport à jour. Vérifiez-le "
                "puis confirmez à nouveau."
            ),
        )
    elif outcome == Confirmation.ALREADY:
        messages.error(
            request, _("Cet import a déjà été confirmé : rien n'a été importé deux fois.")
        )
    elif outcome == Confirmation.BUSY:
        messages.error(
            request,
            _(
                "Un autre import de ce jeu de données est en cours : rien n'a été écrit. "
                "Réessayez dans un instant."
            ),
        )
    else:
        messages.error(request, _("Fichier refusé : rien n'a été importé."))


def report_sections(report):
    """The report as the admin page shows it: what is rejected or held, then what changes."""
    rows = report.rows
    corrections = {}
    for row, kind, message in report.corrections:
        corrections.setdefault(kind, []).append((row, message))
    return {
        "counts": report.labelled_counts(),
        "rejected": [row for row in rows if row.outcome == outcomes.REJECTED],
        "kept": [row for row in rows if row.outcome == outcomes.KEPT],
        "skipped": [row for row in rows if row.outcome == outcomes.SKIPPED],
        "updated": [row for row in rows if row.outcome == outcomes.UPDATE],
        "created": [row for row in rows if row.outcome == outcomes.CREATE],
        "corrections": [
            (correction_label(kind), items)
            for kind, items in sorted(corrections.items(), key=lambda item: -len(item[1]))
        ],
    }
