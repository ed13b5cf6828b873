"""The map of the places (/carte/) and its data (/carte/lieux.geojson, and above
`settings.MAP_PLACES_AT_ONCE` places /carte/departements.geojson first), filtered as the list is.

The page works without JavaScript: it counts the places, lists them by region and links to the
list; static/js/map.js then draws the map from the GeoJSON.
"""

from django.conf import settings
from django.db.models import Max, Min, Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from content.money import format_number
from content.views import InvalidFilterStatusMixin
from pagecache.middleware import accepts_gzip
from places import geography, maps

GEOJSON_TYPE = "application/geo+json"
# Browsers and proxies may reuse the data this long; an edit shows on the map after at most that.
BROWSER_CACHE_SECONDS = 300


# Metropolitan France with Corsica: the first view when results also lie overseas, rather than
# half the globe. Overseas places stay on the map, one zoom-out away.
METROPOLE = Q(latitude__range=(41.2, 51.2), longitude__range=(-5.3, 9.7))


def first_view(queryset):
    """The box the map opens on, as "south,west,north,east": the filtered places of metropolitan
    France, or all of them when none is there; None without any. Known before the page is sent,
    so that the map is drawn once, at its final zoom (one query)."""
    corners = {}
    for name, condition in (("metro", METROPOLE), ("all", Q(latitude__isnull=False))):
        corners |= {
            f"{name}_{bound}_{axis}": aggregate(
                "latitude" if axis == "lat" else "longitude", filter=condition
            )
            for bound, aggregate in (("min", Min), ("max", Max))
            for axis in ("lat", "lon")
        }
    values = queryset.order_by().aggregate(**corners)
    for name in ("metro", "all"):
        box = [values[f"{name}_{key}"] for key in ("min_lat", "min_lon", "max_lat", "max_lon")]
        if None not in box:
            return box_text(box)
    return None


def departments_view(codes):
    """`first_view` for the public places, from the approximate boxes of the departments where
    some are on the map: those of metropolitan France, or all of them when none is there."""
    boxes = {code: geography.department_box(code) for code in codes}
    for wanted in (lambda code: code not in geography.OVERSEAS, lambda code: True):
        chosen = [box for code, box in boxes.items() if box is not None and wanted(code)]
        if chosen:
            return box_text(
                (
                    min(box.south for box in chosen),
                    min(box.west for box in chosen),
                    max(box.north for box in chosen),
                    max(box.east for box in chosen),
                )
            )
    return None


def box_text(sides):
    """ "south,west,north,east", as the map's script reads data-first-view."""
    return ",".join(f"{value:.5f}" for value in sides)


def with_query(url, query_dict):
    query = query_dict.urlencode()
    return f"{url}?{query}" if query else url


class PlaceMapView(InvalidFilterStatusMixin, TemplateView):
    template_name = "places/place_map.html"

    def get(self, request, *args, **kwargs):
        self.filterset = maps.place_filter(request.GET)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        valid = not filterset.is_bound or filterset.is_valid()
        filters = maps.normalised_query(self.request.GET)
        without_coordinates = filters.copy()
        without_coordinates["coordonnees"] = "sans"
        list_url = reverse("places:list")
        if not filterset.is_bound:
            # The public places: counted by the tally, whatever their number.
            counts, regions, codes = maps.tallied_summary()
            view = departments_view(codes)
        elif valid:
            counts, regions = maps.summary(filterset.qs), maps.regions(filterset.qs)
            view = first_view(filterset.qs)
        else:
            counts, regions, view = {"mapped": 0, "unmapped": 0}, [], None
        context.update(
            filter=filterset,
            filters=filters,
            valid=valid,
            counts=counts,
            regions=regions,
            first_view=view,
            list_url=with_query(list_url, filters),
            unmapped_url=with_query(list_url, without_coordinates),
            geojson_url=with_query(reverse("map_data"), filters),
            overview_url=(
                with_query(reverse("map_overview"), filters)
                if counts["mapped"] > settings.MAP_PLACES_AT_ONCE
                else None
            ),
        )
        return context


@require_safe
def place_map_data(request):
    """The GeoJSON of the map's places: cached bytes, an ETag, a short public Cache-Control."""
    filterset = maps.data_filter(request.GET)
    entry = maps.geojson(filterset)
    if entry == maps.TOO_MANY:
        filters = maps.normalised_query(request.GET)
        return refusal(
            erreur=(
                f"Plus de {format_number(settings.MAP_PLACES_AT_ONCE)} lieux correspondent "
                "à ces filtres : demandez-les département par département (paramètre "
                "« departement »), ou téléchargez-les tous depuis la page des données "
                "ouvertes."
            ),
            departements=with_query(reverse("map_overview"), filters),
            donnees_ouvertes=reverse("open_data"),
        )
    return geojson_response(request, filterset, entry)


@require_safe
def place_map_overview(request):
    """The GeoJSON of the map's places counted per department, sent the same way."""
    filterset = maps.data_filter(request.GET)
    return geojson_response(request, filterset, maps.overview(filterset))


def refusal(**body):
    """A 400 of the map's data, its French text readable as sent."""
    return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})


def geojson_response(request, filterset, entry):
    if entry is None:
        errors = {name: list(messages) for name, messages in filterset.errors.items()}
        return refusal(erreur="Les filtres contiennent une erreur.", champs=errors)
    digest, body, gzipped = entry
    compressed = accepts_gzip(request)
    # Each encoding is its own representation, with its own ETag.
    etag = f'"{digest}-gzip"' if compressed else f'"{digest}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(gzipped if compressed else body, content_type=GEOJSON_TYPE)
        if compressed:
            response.headers["Content-Encoding"] = "gzip"
    response.headers["ETag"] = etag
    patch_cache_control(response, public=True, max_age=BROWSER_CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
