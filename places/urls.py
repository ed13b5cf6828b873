from django.urls import path

from places import downloads, views

app_name = "places"

urlpatterns = [
    path("", views.PlaceListView.as_view(), name="list"),
    path(
        "telecharger.csv",
        downloads.place_download,
        {"export_format": "csv"},
        name="download_csv",
    ),
    path(
        "telecharger.geojson",
        downloads.place_download,
        {"export_format": "geojson"},
        name="download_geojson",
    ),
    path("<slug:slug>/", views.PlaceDetailView.as_view(), name="detail"),
]
