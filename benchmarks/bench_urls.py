"""The site's addresses plus /banc/ok/, the floor each page is compared with: a bare
HttpResponse through the same middleware, in the same worker processes. Benchmark only."""

from django.http import HttpResponse
from django.urls import include, path


def ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path("banc/ok/", ok),
    path("", include("tierslieux.urls")),
]
