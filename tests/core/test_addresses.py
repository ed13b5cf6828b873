"""Addresses reversed once and reused give what reverse() gives, whatever the script prefix and
the URLconf of the request."""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse, set_script_prefix, set_urlconf

from content import addresses

# A URLconf of this test, as a request may set one: the site's addresses under /autre/ and one
# of its own.
urlpatterns = [
    path("autre/", include("tierslieux.urls")),
    path("seulement-ici/", lambda request: HttpResponse(), name="only_here"),
]

NAMES = ["places:detail", "funding:detail", "visits:detail"]
SLUGS = ["latelier-normand", "wip", "a_b-0", "Z"]


@pytest.fixture
def prefix():
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("script_prefix", ["/", "/tiers-lieux/", "/a/b/"])
def test_a_slug_address_is_what_reverse_gives(prefix, name, script_prefix):
    prefix(script_prefix)
    for slug in SLUGS:
        expected = reverse(name, kwargs={"slug": slug})
        assert expected.startswith(script_prefix)
        assert addresses.with_slug(name, slug) == expected


def test_a_fixed_address_follows_the_prefix(prefix):
    assert addresses.fixed("places:list") == "/lieux/"
    prefix("/tiers-lieux/")
    assert addresses.fixed("places:list") == "/tiers-lieux/lieux/"
    prefix("/")
    assert addresses.fixed("places:list") == "/lieux/"


def test_an_address_follows_the_urlconf_of_the_request():
    assert addresses.with_slug("places:detail", "wip") == "/lieux/wip/"
    set_urlconf(__name__)
    try:
        assert addresses.fixed("only_here") == "/seulement-ici/"
        assert addresses.fixed("places:list") == "/autre/lieux/"
        assert addresses.with_slug("places:detail", "wip") == "/autre/lieux/wip/"
    finally:
        set_urlconf(None)
    assert addresses.with_slug("places:detail", "wip") == "/lieux/wip/"
    with pytest.raises(NoReverseMatch):
        addresses.fixed("only_here")


@pytest.mark.parametrize("slug", ["", "é-lieu", "a/b", "a b"])
def test_a_value_the_converter_refuses_fails_as_reverse_fails(slug):
    with pytest.raises(NoReverseMatch):
        reverse("places:detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        addresses.with_slug("places:detail", slug)


@pytest.mark.parametrize("slug", [12, None])
def test_a_value_that_is_not_text_is_written_as_reverse_writes_it(slug):
    assert addresses.with_slug("places:detail", slug) == reverse(
        "places:detail", kwargs={"slug": slug}
    )
