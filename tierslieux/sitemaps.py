from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from funding.models import Programme
from places.models import Place
from visits.models import Visit


class StaticPagesSitemap(Sitemap):
    def items(self):
        return [
            "home",
            "places:list",
            "map",
            "funding:list",
            "figures",
            "visits:list",
            "pages:accessibilite",
            "pages:mentions-legales",
            "pages:contact",
            "open_data",
        ]

    def location(self, name):
        return reverse(name)


class PublishedSitemap(Sitemap):
    """Only what `.published()` lets the public see."""

    model = None
    limit = 5000

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, row):
        return row.updated_at


class PlaceSitemap(PublishedSitemap):
    model = Place


class ProgrammeSitemap(PublishedSitemap):
    model = Programme


class VisitSitemap(PublishedSitemap):
    model = Visit


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "lieux": PlaceSitemap,
    "financements": ProgrammeSitemap,
    "visites": VisitSitemap,
}
