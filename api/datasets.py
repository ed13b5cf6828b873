"""/donnees/: what the site publishes as open data, dataset by dataset.

For each of places, programmes and visits: how many are published, when the newest of them
changed, its licence and whom to credit, its columns (the public columns of its export, with
their descriptions) and where to get it (API, downloads). Counts and dates come from
`.published()`, so drafts and scheduled rows count for nothing. Four queries in all.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.urls import reverse
from django.views.generic import TemplateView

from api.licence import COMMUNES_REFERENCE, LICENCE_NAME, LICENCE_URL, SITE_NAME, dataset_entry
from api.throttling import rate_text
from content.models import published_filter
from exports.columns import STAFF_ONLY
from exports.specs import ExportSpec
from funding.exports import PROGRAMME_EXPORT
from funding.models import Programme
from places.exports import PUBLIC_PLACE_EXPORT
from places.models import Dataset, Place
from visits.exports import VISIT_EXPORT
from visits.models import Visit


@dataclass
class Download:
    label: str
    url_name: str
    media_type: str


@dataclass
class PublishedDataset:
    """One dataset of the site, described from its model and export specification."""

    slug: str
    title: str
    summary: str
    model: type
    spec: ExportSpec
    api_url_name: str
    page_url_name: str
    downloads: list = field(default_factory=list)

    def describe(self):
        published = self.model.objects.published().aggregate(
            count=Count("pk"), last_update=Max("updated_at")
        )
        return {
            "slug": self.slug,
            "title": self.title,
            "summary": self.summary,
            "count": published["count"],
            "last_update": published["last_update"],
            "columns": [(column.key, column.description) for column in self.spec.columns],
            "api_url": reverse(self.api_url_name),
            "page_url": reverse(self.page_url_name),
            "downloads": [
                (download.label, reverse(download.url_name), download.media_type)
                for download in self.downloads
            ],
        }


DATASETS = [
    PublishedDataset(
        slug="lieux",
        title="Lieux",
        summary=(
            "Les tiers-lieux publiés : types, adresse, commune et codes INSEE, coordonnées, "
            "services, textes, et le jeu de données d'où vient chacun."
        ),
        model=Place,
        spec=PUBLIC_PLACE_EXPORT,
        api_url_name="api:places-list",
        page_url_name="places:list",
        downloads=[
            Download("CSV", "places:download_csv", "tableur : UTF-8, séparateur « ; »"),
            Download("GeoJSON", "places:download_geojson", "points WGS 84, pour une carte"),
        ],
    ),
    PublishedDataset(
        slug="financements",
        title="Programmes de financement",
        summary=(
            "Les programmes publics publiés : date de l'annonce, montant total, financeurs et "
            "leurs parts, lignes budgétaires et ce qu'elles laissent non réparti."
        ),
        model=Programme,
        spec=PROGRAMME_EXPORT.without(*STAFF_ONLY),
        api_url_name="api:programmes-list",
        page_url_name="funding:list",
    ),
    PublishedDataset(
        slug="visites",
        title="Visites officielles",
        summary=(
            "Les visites officielles publiées : date à sa précision, participants, itinéraire "
            "et programmes annoncés."
        ),
        model=Visit,
        spec=VISIT_EXPORT.without(*STAFF_ONLY),
        api_url_name="api:visits-list",
        page_url_name="visits:list",
    ),
]


def place_sources():
    """The datasets published places come from, with how many of them each (one query)."""
    return (
        Dataset.objects.filter(published_filter("provenances__place__"))
        .annotate(places=Count("provenances__place", distinct=True))
        .order_by("title")
    )


class OpenDataView(TemplateView):
    template_name = "api/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            site_name=SITE_NAME,
            licence_name=LICENCE_NAME,
            licence_url=LICENCE_URL,
            datasets=[dataset.describe() for dataset in DATASETS],
            place_sources=[
                {**dataset_entry(dataset), "places": dataset.places} for dataset in place_sources()
            ],
            communes=COMMUNES_REFERENCE,
            api_rate=rate_text(),
        )
        return context
