from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from tierslieux.figures import headline_figures


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **headline_figures()}


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def static_file_redirect(path):
    """A view sending to a static file from an address browsers ask for without being told
    (/favicon.ico, /apple-touch-icon.png). Not permanent: the file's hashed name changes with
    it, and a permanent redirect would be remembered forever."""

    @cache_control(public=True, max_age=86400)
    def view(request):
        return HttpResponseRedirect(static(path))

    return view


favicon = static_file_redirect("img/favicon.ico")
apple_touch_icon = static_file_redirect("img/apple-touch-icon.png")


def bad_request(request, exception):
    """400.html, but for a host name the site does not answer to: every page builds its absolute
    address from the host, which would fail again and turn the 400 into a 500."""
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest(
            "Requête incorrecte : nom de site inconnu.\n", content_type="text/plain; charset=utf-8"
        )
    return defaults.bad_request(request, exception)
