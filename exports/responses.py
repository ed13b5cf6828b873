"""The download of a queryset in one format: what the admin actions and public views return.

export_response(PLACE_EXPORT, queryset, "csv", context=ExportContext.from_request(request),
                filename="lieux")
"""

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from exports.csv_writer import csv_lines
from exports.geojson_writer import geojson_lines
from exports.json_writer import json_lines
from exports.models import ExportFormat
from exports.xlsx_writer import xlsx_file

# Format → (the function writing it, its media type). Text formats are streamed as they are
# written; XLSX, a zip archive, is written whole to a temporary file first.
STREAMED = {
    ExportFormat.CSV: (csv_lines, "text/csv; charset=utf-8"),
    ExportFormat.JSON: (json_lines, "application/json; charset=utf-8"),
    ExportFormat.GEOJSON: (geojson_lines, "application/geo+json; charset=utf-8"),
}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_response(spec, queryset, export_format, *, context, filename):
    """`filename` without its extension; the response names the file `filename.<format>`.

    Raises ValueError for a format the spec cannot give (GeoJSON without coordinates) before
    any row is read, so that a view can answer with an error page instead of a broken file.
    """
    attachment = f"{filename}.{export_format}"
    if export_format == ExportFormat.XLSX:
        return FileResponse(
            xlsx_file(spec, queryset, context, title=filename),
            as_attachment=True,
            filename=attachment,
            content_type=XLSX_CONTENT_TYPE,
        )
    if export_format not in STREAMED:
        raise ValueError(f"Format d'export inconnu : {export_format}")
    write, content_type = STREAMED[export_format]
    response = StreamingHttpResponse(write(spec, queryset, context), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment)
    return response


def export_filename(model):
    """`lieux-2026-01-31`: the model's plural name and today's date."""
    return f"{slugify(model._meta.verbose_name_plural)}-{timezone.localdate():%Y-%m-%d}"
