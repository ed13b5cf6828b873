from django.core.paginator import InvalidPage
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from content import sections
from content.models import published_filter
from content.money import format_money, format_number
from content.pagination import CountingPaginator
from content.views import InvalidFilterStatusMixin, PublishedDetailMixin
from funding import charts
from funding.filters import ProgrammeFilter
from funding.models import (
    TIERS_LIEUX_MEASURE,
    Award,
    Indicator,
    Programme,
    ProgrammeFunding,
    ProgrammeLine,
)


class ProgrammeListView(InvalidFilterStatusMixin, FilterView):
    filterset_class = ProgrammeFilter
    paginate_by = 20
    paginator_class = CountingPaginator
    template_name = "funding/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return (
            Programme.objects.published()
            .with_line_totals()
            .prefetch_related(
                Prefetch("fundings", queryset=ProgrammeFunding.objects.select_related("funder"))
            )
            .order_by("-announced_on", "name", "id")
        )


def published_awards():
    return Award.objects.filter(published_filter("place__")).select_related(
        "place__department", "line"
    )


class ProgrammeDetailView(PublishedDetailMixin, DetailView):
    """A programme, its lines and its awards, these by pages: a national programme funds
    hundreds of places."""

    awards_per_page = 50
    model = Programme
    template_name = "funding/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("fundings", queryset=ProgrammeFunding.objects.select_related("funder")),
                Prefetch("lines", queryset=ProgrammeLine.objects.order_by("order", "id")),
                "sources",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.object
        lines = programme.lines.all()
        context["lines_chart"] = charts.horizontal_bars(
            [(line.name, line.amount, format_money(line.amount)) for line in lines]
        )
        paginator = CountingPaginator(
            published_awards().filter(line__programme=programme), self.awards_per_page
        )
        try:
            awards = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404(_("Cette page des lieux soutenus n'existe pas.")) from None
        context["awards"] = awards
        context.update(sections.context("programme", programme))
        return context


class FiguresView(TemplateView):
    template_name = "funding/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        series = list(Indicator.objects.series(TIERS_LIEUX_MEASURE))
        context["measure"] = TIERS_LIEUX_MEASURE
        context["series"] = series
        items = [
            (
                f"{row.year}{' (objectif)' if row.kind == Indicator.Kind.TARGET else ''}",
                row.value,
                format_number(row.value),
                row.kind == Indicator.Kind.TARGET,
            )
            for row in series
        ]
        # Bars on phones, where columns would squeeze their labels; columns on wide screens,
        # unless there are too many of them to be read.
        context["chart"] = charts.horizontal_bars(items)
        if len(items) <= charts.MAX_COLUMNS:
            context["columns_chart"] = charts.columns(items)
        context["sources"] = list(dict.fromkeys(row.source for row in series if row.source))
        context.update(Indicator.headline(series))
        return context
