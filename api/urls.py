from django.urls import path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter()
router.register("lieux", views.PlaceViewSet, basename="places")
router.register("financements", views.ProgrammeViewSet, basename="programmes")
router.register("visites", views.VisitViewSet, basename="visits")

urlpatterns = [
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from the sidecar package's static files, drawn by static/js/api-docs.js.
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="docs"),
]
