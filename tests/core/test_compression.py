"""Pages are gzipped for visitors that accept it, cached pages too; never for staff."""

import gzip

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def place():
    return factories.place(name="La Fabrique", slug="la-fabrique")


@pytest.mark.parametrize("path", ["/", "/lieux/", "/lieux/la-fabrique/", "/contact/"])
def test_pages_are_gzipped_for_visitors_that_accept_it(client, place, path):
    plain = client.get(path)
    assert "Content-Encoding" not in plain
    compressed = client.get(path, headers=GZIP)
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    body = gzip.decompress(compressed.content)
    assert len(compressed.content) < len(body)
    if path != "/contact/":  # the contact form's CSRF token differs at each answer
        assert body == plain.content
    assert "<h1" in body.decode()


def test_cached_pages_are_gzipped_too_and_answer_304(client, place):
    built = client.get("/lieux/la-fabrique/", headers=GZIP)
    cached = client.get("/lieux/la-fabrique/", headers=GZIP)
    assert (built["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    assert cached["Content-Encoding"] == "gzip"
    assert gzip.decompress(cached.content) == gzip.decompress(built.content)
    assert "La Fabrique" in gzip.decompress(cached.content).decode()
    # The cache keeps the page uncompressed: a visitor who does not accept gzip gets it plain.
    plain = client.get("/lieux/la-fabrique/")
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    assert plain.content == gzip.decompress(cached.content)
    again = client.get("/lieux/la-fabrique/", headers={**GZIP, "if-none-match": cached["ETag"]})
    assert again.status_code == 304


def test_staff_pages_are_never_compressed(client, place):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    for path in ["/lieux/la-fabrique/", "/admin/", "/admin/places/place/"]:
        response = client.get(path, headers=GZIP)
        assert response.status_code == 200
        assert "Content-Encoding" not in response, path
