"""The map, the downloads and the API, in a browser.

Written before some of these features exist: each test first checks that its page resolves
(or that /lieux/ offers the download), and is skipped with a reason saying what is missing
until then, so it starts running the day the feature lands.
"""

import csv
import io
import json
import re

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.admin_steps import (
    field,
    log_in_through_the_form,
    pick_in_autocomplete,
    publish_from_the_list,
)
from tests.browser.helpers import assert_no_axe_violations, horizontal_overflow, open_page

pytestmark = pytest.mark.browser

MAP = "/carte/"
API = "/api/v1/lieux/"
MARKERS = ".leaflet-marker-icon"  # single markers and marker-cluster icons alike


def require(path):
    try:
        resolve(path)
    except Resolver404:
        pytest.skip(f"La page {path} n'existe pas encore.")


def wait_for_markers(page):
    """The map is drawn from its GeoJSON once the scripts ran; tiles never load (offline)."""
    page.locator(MARKERS).first.wait_for(state="visible")
    return page.locator(MARKERS).count()


def test_map_shows_markers_without_tiles(page, site, broken_assets):
    require(MAP)
    open_page(page, MAP, broken_assets)
    assert wait_for_markers(page) > 0


def test_map_page_has_no_axe_violation(page, site, broken_assets):
    require(MAP)
    open_page(page, MAP, broken_assets)
    wait_for_markers(page)
    assert_no_axe_violations(page)


def test_map_page_fits_320_pixels(new_context, site, broken_assets):
    require(MAP)
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    open_page(page, MAP, broken_assets)
    wait_for_markers(page)
    problem = horizontal_overflow(page)
    assert problem is None, problem


DEPARTMENT_MARKERS = f"{MARKERS}:has-text('zoomer sur ce département')"
# Single places and their clusters.
PLACE_MARKERS = f"{MARKERS}:not(:has-text('zoomer sur ce département'))"


def test_many_places_show_departments_from_afar_and_load_where_the_view_goes(
    new_context, site, settings, broken_assets
):
    # The site's Calvados and Orne places are "many" here.
    settings.MAP_PLACES_AT_ONCE = 5
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    open_page(page, MAP, broken_assets)

    def fetched():
        return [url for url in loaded if "/carte/lieux.geojson" in url]

    # The map opens on the two departments: one marker each, its count and name; no place is
    # fetched yet.
    expect(page.locator(DEPARTMENT_MARKERS)).to_have_count(2)
    calvados = page.locator(DEPARTMENT_MARKERS, has_text="Calvados (14)")
    expect(calvados).to_contain_text("lieux, Calvados (14) : zoomer sur ce département")
    assert any("/carte/departements.geojson" in url for url in loaded)
    assert fetched() == []
    assert_no_axe_violations(page)

    # A click zooms into the department: the places of the departments the view reaches are
    # fetched, one department at a time, never all at once.
    calvados.click()
    expect(page.locator(DEPARTMENT_MARKERS)).to_have_count(0)
    page.locator(PLACE_MARKERS).first.wait_for(state="attached")
    codes = [url.split("departement=")[-1] for url in fetched()]
    assert "14" in codes and set(codes) <= {"14", "61"}, codes

    # From afar, the departments again; back in, nothing is fetched twice.
    for _click in range(6):
        if page.locator(DEPARTMENT_MARKERS).count():
            break
        page.locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(500)  # the zoom's animation
    expect(page.locator(DEPARTMENT_MARKERS)).to_have_count(2)
    calvados.click()
    page.locator(PLACE_MARKERS).first.wait_for(state="attached")
    assert len(fetched()) == len(set(fetched())), fetched()


ZONE_MARKERS = f"{MARKERS}:has-text('zoomer sur cette zone')"
ZONE_GROUP_MARKERS = f"{MARKERS}:has-text('zoomer sur ces zones')"
AREA_MARKERS = f"{ZONE_MARKERS}, {ZONE_GROUP_MARKERS}"
# Single places and their clusters, neither departments nor zones.
NOT_AREAS = ":not(:has-text('zoomer sur cette zone')):not(:has-text('zoomer sur ces zones'))"
ONLY_PLACE_MARKERS = f"{PLACE_MARKERS}{NOT_AREAS}"


def shown_count(marker):
    """The number a department's, a zone's or a group's marker shows (« 1 234 lieux… »)."""
    digits = re.match(r"[\d\s]+", marker.text_content().strip()).group()
    return int(re.sub(r"\D", "", digits))


def overlap(first, second):
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


def test_a_department_with_many_places_comes_as_zones_then_their_places(
    new_context, site, settings, broken_assets
):
    settings.MAP_PLACES_AT_ONCE = 5
    # The site's fourteen Calvados places on the map are "many" for one answer here.
    settings.MAP_PLACES_PER_ZONE = 3
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    open_page(page, MAP, broken_assets)
    page.locator(DEPARTMENT_MARKERS, has_text="Calvados (14)").click()

    # The department's zones replace it, each with its count, as buttons with a name; zones
    # whose markers would overlap come grouped, their places added up.
    page.locator(AREA_MARKERS).first.wait_for(state="visible")
    expect(page.locator(AREA_MARKERS).first).to_contain_text("lieux : zoomer sur ce")
    areas = page.locator(AREA_MARKERS).all()
    boxes = [area.bounding_box() for area in areas]
    for number, box in enumerate(boxes):
        assert not any(overlap(box, other) for other in boxes[number + 1 :]), boxes
    assert_no_axe_violations(page)

    # Closer, a zone's places (or its own zones) come, one answer per zone, until places show.
    # From the keyboard too.
    for _press in range(8):
        if page.locator(ONLY_PLACE_MARKERS).count():
            break
        page.locator(AREA_MARKERS).first.press("Enter")
        page.wait_for_timeout(500)  # the zoom's animation and the zone's answer
    expect(page.locator(ONLY_PLACE_MARKERS).first).to_be_attached()
    zones = [url for url in loaded if "zone=" in url]
    assert zones and all("departement=14" in url for url in zones), zones
    assert len(zones) == len(set(zones)), zones


def test_a_department_that_failed_to_load_is_fetched_again_when_the_view_comes_back(
    new_context, site, settings, broken_assets
):
    settings.MAP_PLACES_AT_ONCE = 5
    context = new_context(viewport={"width": 1280, "height": 900})
    failures = []

    def fail_the_first_department(route):
        # The first fetch of a department's places fails, as a dropped connection would.
        if not failures:
            failures.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route(re.compile(r"/carte/lieux\.geojson\?.*departement="), fail_the_first_department)
    page = context.new_page()
    open_page(page, MAP, broken_assets)
    notice = page.locator('[data-map-notice="data"]')
    page.locator(DEPARTMENT_MARKERS, has_text="Calvados (14)").click()
    expect(notice).to_be_visible()
    assert failures
    # The next view that reaches the department asks for it again: its places come, and the
    # notice goes.
    page.locator(".leaflet-control-zoom-in").click()
    page.locator(PLACE_MARKERS).first.wait_for(state="attached")
    expect(notice).to_be_hidden()


def test_the_map_turns_to_departments_when_the_server_refuses_every_place_at_once(
    new_context, site, settings, broken_assets
):
    # The page was made under a higher limit (a cached page, a limit lowered since): it asks for
    # every place, and the server, under the new limit, refuses and names the overview instead.
    settings.MAP_PLACES_AT_ONCE = 100_000
    context = new_context(viewport={"width": 1280, "height": 900})
    refused = []

    def lower_the_limit(route):
        settings.MAP_PLACES_AT_ONCE = 5
        refused.append(route.request.url)
        route.continue_()

    context.route(re.compile(r"/carte/lieux\.geojson(\?(?!.*departement=).*)?$"), lower_the_limit)
    page = context.new_page()
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    open_page(page, MAP, broken_assets)
    expect(page.locator(DEPARTMENT_MARKERS)).to_have_count(2)
    assert refused and any("/carte/departements.geojson" in url for url in loaded)
    expect(page.locator('[data-map-notice="data"]')).to_be_hidden()
    page.locator(DEPARTMENT_MARKERS, has_text="Calvados (14)").click()
    page.locator(PLACE_MARKERS).first.wait_for(state="attached")
    assert any("departement=14" in url for url in loaded)


def download_link(page, label):
    """The link or button of /lieux/ whose text names the format, or a skip if there is none."""
    link = page.get_by_role("link", name=re.compile(label, re.IGNORECASE))
    if not link.count():
        link = page.get_by_role("button", name=re.compile(label, re.IGNORECASE))
    if not link.count():
        pytest.skip(f"/lieux/ n'a pas encore de téléchargement {label}.")
    return link.first


def download(page, link):
    with page.expect_download() as started:
        link.click()
    saved = started.value
    assert saved.failure() is None, saved.failure()
    with open(saved.path(), "rb") as content:
        return saved.suggested_filename, content.read()


def test_place_list_downloads_its_results_as_csv(page, site, broken_assets):
    open_page(page, "/lieux/?departement=14", broken_assets)
    name, content = download(page, download_link(page, "CSV"))
    assert name.endswith(".csv")
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:200] else ","))
    names = {cell for row in rows[1:] for cell in row}
    assert "La Fabrique des communs" in names
    assert "Tiers-lieu de la vallée 01" not in names  # in the Orne: filtered out


def test_place_list_downloads_its_results_as_geojson(page, site, broken_assets):
    open_page(page, "/lieux/?departement=14", broken_assets)
    name, content = download(page, download_link(page, "GeoJSON"))
    assert name.endswith((".geojson", ".json"))
    collection = json.loads(content)
    assert collection["type"] == "FeatureCollection"
    text = json.dumps(collection, ensure_ascii=False)
    assert "La Fabrique des communs" in text
    assert "Tiers-lieu de la vallée 01" not in text


NEW_PLACE = "Le Quai des possibles"


def add_place_with_coordinates(page, staff):
    log_in_through_the_form(page, staff.username)
    page.goto("/admin/places/place/add/")
    page.get_by_label(field("Nom")).press_sequentially(NEW_PLACE)
    pick_in_autocomplete(page, "commune", "Carpiq", "Carpiquet")
    page.get_by_label(field("Latitude")).fill("49.1855")
    page.get_by_label(field("Longitude")).fill("-0.4470")
    # Publishing needs a source (content.editorial).
    page.locator("#id_sources + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Annuaire")
    page.locator(".select2-results__option", has_text="Annuaire des tiers-lieux").first.click()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(NEW_PLACE)
    publish_from_the_list(page, NEW_PLACE)


def test_a_place_staff_add_shows_on_the_map(new_context, site, staff, broken_assets):
    require(MAP)
    admin = new_context(viewport={"width": 1280, "height": 900}).new_page()
    public = new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_page(public, MAP, broken_assets)  # seen once before the edit: no stale map after it
    wait_for_markers(public)

    add_place_with_coordinates(admin, staff)
    open_page(public, f"{MAP}?q={NEW_PLACE}", broken_assets)
    wait_for_markers(public)
    expect(public.locator(MARKERS)).to_have_count(1)
    # The map zooms onto its one marker once drawn, and a click during that animation can
    # miss it: click again until the popup opens.
    popup = public.locator(".leaflet-popup-content")
    for _attempt in range(10):
        public.locator(MARKERS).click()
        try:
            popup.wait_for(state="visible", timeout=1_000)
            break
        except PlaywrightTimeoutError:
            continue
    expect(popup).to_contain_text(NEW_PLACE)


def test_a_place_staff_add_is_in_the_api(new_context, site, staff, broken_assets):
    require(API)
    admin = new_context(viewport={"width": 1280, "height": 900}).new_page()
    public = new_context()
    add_place_with_coordinates(admin, staff)
    response = public.request.get(API, params={"q": NEW_PLACE})
    assert response.ok, response.status
    assert NEW_PLACE in json.dumps(response.json(), ensure_ascii=False)
