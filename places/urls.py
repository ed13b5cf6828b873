from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("", views.PlaceListView.as_view(), name="list"),
    path("<slug:slug>/", views.PlaceDetailView.as_view(), name="detail"),
]
