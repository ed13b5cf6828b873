"""The API's documentation page (/api/v1/docs/) and /donnees/ in a browser: Swagger UI drawn
from static files under a strict Content-Security-Policy, accessible, and within 320 pixels."""

import pytest

from tests.browser.helpers import assert_no_axe_violations, horizontal_overflow, open_page

pytestmark = pytest.mark.browser

# What the site's CSP is to allow at most: nothing inline, nothing from elsewhere. Swagger UI's
# stylesheet draws two icons as data: images.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'"
)
RECORD_VIOLATIONS = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));"
)


def with_strict_csp(route, request):
    response = route.fetch()
    route.fulfill(
        response=response, headers={**response.headers, "content-security-policy": STRICT_CSP}
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_the_docs_draw_every_endpoint_under_a_strict_csp(new_context, site, broken_assets, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.route("**/api/v1/docs/", with_strict_csp)
    open_page(page, "/api/v1/docs/", broken_assets)

    operations = page.locator(".opblock")
    operations.first.wait_for(state="visible")
    assert operations.count() == 6  # list and detail of places, programmes and visits
    page.locator(".opblock-summary-control").first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    page.locator(".live-responses-table").first.wait_for(state="visible")

    assert page.evaluate("window.cspViolations") == []
    assert horizontal_overflow(page) is None
    assert_no_axe_violations(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_open_data_page(new_context, site, broken_assets, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    open_page(page, "/donnees/", broken_assets)
    assert horizontal_overflow(page) is None
    assert_no_axe_violations(page)
