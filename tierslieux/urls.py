from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from api.datasets import OpenDataView
from funding.views import FiguresView
from places.map_views import PlaceMapView, place_map_data, place_map_overview
from tierslieux.health import health
from tierslieux.sitemaps import SITEMAPS
from tierslieux.views import HomeView, apple_touch_icon, bad_request, favicon, robots_txt

handler400 = bad_request

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("lieux/", include("places.urls")),
    path("carte/", PlaceMapView.as_view(), name="map"),
    path("carte/lieux.geojson", place_map_data, name="map_data"),
    path("carte/departements.geojson", place_map_overview, name="map_overview"),
    path("financements/", include("funding.urls")),
    path("chiffres/", FiguresView.as_view(), name="figures"),
    path("visites/", include("visits.urls")),
    path("donnees/", OpenDataView.as_view(), name="open_data"),
    path("api/v1/", include("api.urls")),
    path("", include("pages.urls")),
    # Sources and the export log moved to apps of their own: old admin bookmarks still work.
    re_path(
        r"^admin/tierslieux/source/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/content/source/%(rest)s", permanent=True),
    ),
    re_path(
        r"^admin/tierslieux/exportlog/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/exports/exportlog/%(rest)s", permanent=True),
    ),
    path("admin/historique/", include("history.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("apple-touch-icon.png", apple_touch_icon, name="apple_touch_icon"),
    path("apple-touch-icon-precomposed.png", apple_touch_icon),
    # Polled by the load balancer in front of several app servers (see the README).
    path("sante/", health, name="health"),
]

if settings.SERVE_MEDIA:
    # Single-machine set-up: no web server in front of gunicorn to serve uploads.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
