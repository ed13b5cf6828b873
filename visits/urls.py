from django.urls import path

from visits import views

app_name = "visits"

urlpatterns = [
    path("", views.VisitListView.as_view(), name="list"),
    path("flux/", views.VisitFeed(), name="feed"),
    path("calendrier.ics", views.calendar, name="calendar"),
    path("<slug:slug>/", views.VisitDetailView.as_view(), name="detail"),
]
