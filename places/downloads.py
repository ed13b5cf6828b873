"""« Télécharger ces résultats » on /lieux/: the published places its filters select, as CSV
(the admin export's French-Excel, formula-safe writer) or GeoJSON, streamed.

The public columns (PUBLIC_PLACE_EXPORT) leave out what only editors need, and the queryset is
`Place.objects.published()`: no draft, no place scheduled for later.
"""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from exports.columns import ExportContext
from exports.responses import export_filename, export_response
from places.exports import PUBLIC_PLACE_EXPORT
from places.filters import PlaceFilter
from places.models import Place

FORMATS = ("csv", "geojson")

# Bytes a place takes in each download, measured on the 2019 census (1 512 places: 423 KB
# of CSV, 676 KB of GeoJSON), for the size the list announces; long texts take more.
BYTES_PER_PLACE = {"csv": 280, "geojson": 450}


def approximate_size(count, export_format):
    """« 12 Ko », « 1,4 Mo »: the size of a download of `count` places, roughly."""
    size = count * BYTES_PER_PLACE[export_format]
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} Ko"
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")


@require_safe
def place_download(request, export_format):
    filterset = PlaceFilter(
        request.GET or None,
        queryset=Place.objects.published().order_by("name", "id"),
        request=request,
    )
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponse(
            "Les filtres contiennent une erreur : corrigez-les sur la liste des lieux.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return export_response(
        PUBLIC_PLACE_EXPORT,
        filterset.qs,
        export_format,
        context=ExportContext.from_request(request),
        filename=export_filename(Place),
    )
