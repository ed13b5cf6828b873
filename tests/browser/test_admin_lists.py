"""The admin's lists fit an editor's laptop: at 1 366 × 768, the most common screen of the
editors, the places list does not scroll sideways, long names wrap."""

import pytest

from places.models import Place
from tests.browser.helpers import horizontal_overflow, open_page

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
LONG_NAME = (
    "Tiers-lieu intercommunal de la vallée de l'Orne et du bocage virois, "
    "fabrique de territoire et atelier partagé"
)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/places/place/",
        "/admin/places/place/?q=fabrique",
        "/admin/funding/programme/",
        "/admin/visits/visit/",
    ],
)
def test_admin_pages_fit_a_1366_pixel_screen(new_context, site, staff, login, broken_assets, path):
    Place.objects.filter(pk=site.place.pk).update(name=LONG_NAME, commune_name="Clécy")
    page = new_context(viewport=LAPTOP).new_page()
    login(page, staff)
    open_page(page, path, broken_assets)
    problem = horizontal_overflow(page)
    assert problem is None, problem


def test_published_places_link_to_their_page_from_the_list(
    new_context, site, staff, login, broken_assets
):
    page = new_context(viewport=LAPTOP).new_page()
    login(page, staff)
    open_page(page, "/admin/places/place/?q=fabrique+des+communs", broken_assets)
    link = page.get_by_role("link", name="Voir sur le site : La Fabrique des communs")
    assert link.get_attribute("href") == site.place.get_absolute_url()
