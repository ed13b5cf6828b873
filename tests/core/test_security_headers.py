"""Content-Security-Policy and Permissions-Policy on every page, cached ones too, and pages
that need nothing the policy refuses (no inline script, style or event handler)."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


class InlineCode(HTMLParser):
    """What a strict policy would block in a page: inline scripts, style attributes and
    elements, event handler attributes, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # JSON-LD is data, which no policy blocks.
        data = attributes.get("type") in {"application/ld+json", "application/json"}
        if tag == "script" and "src" not in attributes and not data:
            self._in_inline_script = True
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def place():
    return factories.place(
        name="La Fabrique", slug="la-fabrique", latitude="49.18", longitude="-0.36"
    )


PUBLIC_PAGES = ["/", "/lieux/", "/carte/", "/lieux/la-fabrique/", "/api/v1/docs/", "/contact/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_a_strict_policy_and_no_inline_code(client, place, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert inline_code(response) == []


def test_the_map_may_load_its_tiles_and_run_its_worker(client, place):
    policy = directives(client.get("/carte/"))
    assert "https://tile.openstreetmap.org" in settings.MAP_TILES_URL
    assert policy["img-src"] == ["'self'", "data:", "blob:", "https://tile.openstreetmap.org"]
    assert policy["worker-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


def test_admin_pages_have_the_policy_and_no_inline_code(admin_client, place):
    factories.place_photo(place)
    for path in [
        "/admin/",
        "/admin/places/place/",
        f"/admin/places/place/{place.pk}/change/",
        "/admin/places/place/add/",
        f"/admin/places/place/{place.pk}/history/",
    ]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert directives(response)["script-src"] == ["'self'"], path
        assert inline_code(response) == [], path


def test_the_login_form_has_no_inline_code():
    response = Client().get("/admin/login/")
    assert directives(response)["form-action"] == ["'self'"]
    assert inline_code(response) == []


@pytest.mark.parametrize("path", ["/", "/lieux/la-fabrique/", "/carte/"])
def test_pages_served_from_the_cache_carry_the_headers_too(client, place, path):
    built = client.get(path)
    cached = client.get(path)
    assert (built["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    for header in ["Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"]:
        assert cached[header] == built[header]


def test_pages_refuse_device_features(client, place):
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ["geolocation=()", "camera=()", "microphone=()", "payment=()", "usb=()"]:
        assert feature in policy.split(", ")


def test_the_inline_code_detector_finds_what_the_policy_refuses():
    parser = InlineCode()
    parser.feed(
        '<p style="color:red">a</p><script>alert(1)</script><img src=x onerror="x()">'
        '<a href="javascript:void(0)">b</a><script src="/static/a.js"></script>'
    )
    assert len(parser.found) == 4
