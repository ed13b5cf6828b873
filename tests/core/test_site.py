import xml.etree.ElementTree as ET

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests import factories

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_published_pages_only(client):
    live = factories.place()
    draft = factories.draft_place()
    visit = factories.visit()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    urls = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    assert f"http://testserver{live.get_absolute_url()}" in urls
    assert f"http://testserver{visit.get_absolute_url()}" in urls
    assert f"http://testserver{draft.get_absolute_url()}" not in urls
    assert "http://testserver/lieux/" in urls
    assert {"http://testserver/carte/", "http://testserver/donnees/"} <= urls


def test_main_navigation_leads_to_the_map_and_marks_it_current(client):
    content = client.get("/carte/").content.decode()
    assert '<a href="/carte/" aria-current="page">Carte</a>' in " ".join(content.split())
    assert 'href="/carte/"' in client.get("/").content.decode()


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_the_500_page_is_french_and_standalone():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()
    assert 'lang="fr"' in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/lieux/", "/financements/", "/chiffres/", "/visites/"])
def test_every_public_page_has_one_h1_a_skip_link_and_a_main_landmark(client, url):
    content = client.get(url).content.decode()
    assert content.count("<h1") == 1
    assert 'href="#contenu"' in content and '<main id="contenu"' in content
    assert '<html lang="fr">' in content
