import datetime
import html
import re

import pytest
from django.utils import timezone

from funding.models import Programme
from places.models import Place
from tests import factories
from visits.models import Visit

pytestmark = pytest.mark.django_db

URL = "/donnees/"
CENSUS = {
    "slug": "cget-tiers-lieux-2019",
    "title": "CGET – Mission Coworking, base des tiers-lieux 2019",
    "attribution": "CGET – Mission Coworking, 2019",
    "licence": "Licence Ouverte 2.0",
    "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "url": "https://github.com/anct-carto/mission_coworking",
}


def squash(markup):
    plain = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"\s+", " ", plain.replace("\u00a0", " "))


def text(response):
    assert response.status_code == 200
    return squash(response.content.decode())


def section(page, slug):
    return page.split(f'<section id="{slug}"')[1].split("</section>")[0]


def test_counts_and_last_updates_ignore_drafts_and_scheduled_rows(client, rows):
    published_day = datetime.datetime(2024, 5, 6, 12, tzinfo=datetime.timezone.utc)
    newer_day = timezone.now()
    for model, published in [(Place, rows.place), (Programme, rows.programme), (Visit, rows.visit)]:
        model.objects.filter(pk=published.pk).update(updated_at=published_day)
        model.objects.exclude(pk=published.pk).update(updated_at=newer_day)

    page = client.get(URL).content.decode()

    for slug in ("lieux", "financements", "visites"):
        part = section(page, slug)
        assert "Publiés 1 Dernière mise à jour 6 mai 2024 Licence" in squash(part)
        assert 'datetime="2024-05-06T14:00:00+02:00"' in part


def test_the_licence_and_every_attribution(client, db):
    place = factories.place()
    factories.provenance(place, dataset=factories.dataset(**CENSUS))
    factories.provenance(factories.draft_place(), dataset=factories.dataset(title="Jeu caché"))

    page = text(client.get(URL))

    assert "Licence Ouverte 2.0" in page
    assert "Source : Tiers-lieux en France (http://testserver/), Licence Ouverte 2.0" in page
    assert (
        "CGET – Mission Coworking, base des tiers-lieux 2019 — mention « CGET – Mission "
        "Coworking, 2019 », Licence Ouverte 2.0 ; 1 lieu publié en vient" in page
    )
    assert "INSEE, Code officiel géographique 2026 ; La Poste" in page
    assert "Jeu caché" not in page  # its only place is a draft


def test_columns_come_from_the_public_export_specs(client, db):
    page = client.get(URL).content.decode()
    places = section(page, "lieux")
    assert "<code>provenance</code>" in places and "<code>code_commune</code>" in places
    assert "Code commune INSEE." in places
    assert "<code>statut</code>" not in page
    assert "<code>reste_non_reparti</code>" in section(page, "financements")
    assert "<code>etapes</code>" in section(page, "visites")


def test_links_to_the_api_its_docs_schema_and_downloads(client, db):
    page = client.get(URL).content.decode()
    for link in (
        'href="/api/v1/lieux/"',
        'href="/api/v1/financements/"',
        'href="/api/v1/visites/"',
        'href="/api/v1/docs/"',
        'href="/api/v1/schema/"',
        'href="/api/v1/schema/?format=json"',
        'href="/lieux/telecharger.csv"',
        'href="/lieux/telecharger.geojson"',
    ):
        assert link in page, link
    assert "Au plus 60 requêtes par minute par adresse" in text(client.get(URL))


def test_every_page_links_to_it_from_its_footer(client, db):
    page = client.get("/").content.decode()
    footer = page.split('<footer class="site-footer">')[1]
    assert '<a href="/donnees/">Données ouvertes et API</a>' in footer


@pytest.mark.parametrize("count", [1, 10])
def test_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    for _number in range(count):
        place = factories.place()
        factories.provenance(place)
        factories.programme()
        factories.visit()
    # Pinned: each dataset's count and last update (three), the datasets places come from.
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200
