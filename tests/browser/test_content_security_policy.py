"""The site's own Content-Security-Policy in Chromium: pages, the map, the API docs and the
admin draw everything with no violation reported."""

import pytest

from tests.browser.helpers import open_page

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));"
)


def recording_page(new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page, console


def assert_no_violation(page, console, path):
    violations = page.evaluate("window.cspViolations")
    assert violations == [], f"{path} : {violations}"
    assert console == [], f"{path} : {console}"


@pytest.mark.parametrize(
    "path",
    ["/", "/lieux/", "/carte/", "/lieux/la-fabrique-des-communs/", "/api/v1/docs/", "/contact/"],
)
def test_public_pages_run_under_the_policy(new_context, site, broken_assets, path):
    page, console = recording_page(new_context)
    response = open_page(page, path, broken_assets)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    if path == "/api/v1/docs/":
        page.locator(".opblock").first.wait_for(state="visible")
    if path == "/carte/":
        # The worker clustered the markers: the map is drawn (settle() waited for it).
        assert page.locator(".leaflet-marker-icon").count() > 0
    assert_no_violation(page, console, path)


def test_the_admin_runs_under_the_policy(new_context, site, staff, login, broken_assets):
    page, console = recording_page(new_context)
    login(page, staff)
    for path in [
        "/admin/",
        "/admin/places/place/",
        f"/admin/places/place/{site.place.pk}/change/",
    ]:
        open_page(page, path, broken_assets)
        assert_no_violation(page, console, path)
    # The admin's own JavaScript ran: the commune's autocomplete (select2) is drawn.
    assert page.locator(".select2-container").count() > 0
