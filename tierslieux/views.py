from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView

from funding.models import TIERS_LIEUX_MEASURE, Indicator, Programme
from places.models import Place


def can_preview(user, model):
    """Staff who may edit a model see its drafts, marked as such; everyone else gets a 404."""
    opts = model._meta
    return user.is_authenticated and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class PublishedDetailMixin:
    """For detail views: the public sees `.published()` only, editors preview drafts."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if can_preview(self.request.user, queryset.model):
            return queryset
        return queryset.published()


class InvalidFilterStatusMixin:
    """A filter form with nonsense in it is the client's error: say so with a 400, not a 500."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Place.objects.published()
        context["place_count"] = published.count()
        context["department_count"] = published.values("department").distinct().count()
        context["programme_count"] = Programme.objects.published().count()
        context.update(Indicator.headline(list(Indicator.objects.series(TIERS_LIEUX_MEASURE))))
        return context


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
