from functools import cache

from django.urls import path
from django.views.generic import TemplateView
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter()
router.register("lieux", views.PlaceViewSet, basename="places")
router.register("financements", views.ProgrammeViewSet, basename="programmes")
router.register("visites", views.VisitViewSet, basename="visits")


@cache
def _schema_view():
    from drf_spectacular.views import SpectacularAPIView

    return SpectacularAPIView.as_view()


def schema(request, *args, **kwargs):
    """The OpenAPI schema. drf-spectacular's generator is imported by the first request for it:
    it imports Django's test tools, megabytes in every web worker that never serves it."""
    return _schema_view()(request, *args, **kwargs)


urlpatterns = [
    *router.urls,
    path("schema/", schema, name="schema"),
    # Swagger UI from the sidecar package's static files, drawn by static/js/api-docs.js.
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="docs"),
]
