"""No query string makes a public page, feed, download, map data or API list fail: 2 000 random
ones, built from each page's own filter names and random others, with hostile values. An
anonymous visitor sends them; each is distinct, so that most reach the view past the page
cache."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from funding.filters import ProgrammeFilter
from places.filters import PlaceFilter
from tests import factories
from tests.security.hostile import hostile_value
from visits.filters import VisitFilter

pytestmark = pytest.mark.django_db

# Every public page that reads its query string, with the FilterSet whose names it knows.
PAGES = {
    "/": None,
    "/lieux/": PlaceFilter,
    "/lieux/telecharger.csv": PlaceFilter,
    "/lieux/telecharger.geojson": PlaceFilter,
    "/carte/": PlaceFilter,
    "/carte/lieux.geojson": PlaceFilter,
    "/carte/departements.geojson": PlaceFilter,
    "/api/v1/lieux/": PlaceFilter,
    "/financements/": ProgrammeFilter,
    "/api/v1/financements/": ProgrammeFilter,
    "/visites/": VisitFilter,
    "/api/v1/visites/": VisitFilter,
    "/visites/flux/": None,
    "/visites/calendrier.ics": None,
    "/chiffres/": None,
    "/donnees/": None,
    "/sitemap.xml": None,
}
TOTAL_EXAMPLES = 2000
EXAMPLES_PER_PAGE = -(-TOTAL_EXAMPLES // len(PAGES))
# Names every page might be sent: pagination, formats, the map's box, and common others.
COMMON_NAMES = ["page", "page_size", "format", "bbox", "o", "ordering", "tri", "callback", "lang"]
SPECIAL_VALUES = [
    "99999999",
    "-1",
    "xml",
    "json",
    "api",
    "csv",
    "1,2,3,4",
    "-200,-100,200,100",
    "nan,nan,nan,nan",
    "1,2",
    "1e309,0,0,0",
]


def names_of(filterset):
    return [*(filterset.base_filters if filterset else ()), *COMMON_NAMES]


def query_strings(filterset):
    """A query string of up to six pairs, some names repeated."""
    name = st.one_of(st.sampled_from(names_of(filterset)), st.text(min_size=1, max_size=12))
    value = st.one_of(hostile_value, st.sampled_from(SPECIAL_VALUES))
    return st.lists(st.tuples(name, value), max_size=6).map(urlencode)


@pytest.fixture
def site(db):
    # A few published rows of each kind, so that lists, feeds and downloads have lines.
    kind = factories.kind()
    place = factories.place(kinds=[kind], latitude=Decimal("49.18"), longitude=Decimal("-0.37"))
    factories.place()
    funder = factories.funder()
    programme = factories.programme(lines=[("Ligne", "1000")], fundings=[(funder, "1000")])
    factories.award(programme.lines.get(), place)
    visit = factories.visit()
    factories.participant(visit)
    factories.stop(visit, place=place)


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_answers_without_a_query(client, site, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", list(PAGES))
def test_no_query_string_gives_a_server_error(client, site, path):
    sent = []

    @settings(max_examples=EXAMPLES_PER_PAGE)
    @given(query=query_strings(PAGES[path]))
    def visit(query):
        sent.append(query)
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, query

    visit()
    # All the examples ran, nearly all of them different: each reached the view.
    assert len(sent) >= EXAMPLES_PER_PAGE
    assert len(set(sent)) >= 0.9 * len(sent), len(set(sent))


@pytest.mark.parametrize("path", ["/lieux/", "/api/v1/lieux/", "/lieux/telecharger.csv"])
def test_a_percent_sign_in_the_commune_is_a_filter_error(client, site, path):
    response = client.get(path, {"commune": "0%"})
    assert response.status_code == 400


def test_the_api_says_which_commune_text_matched_nothing(client, site):
    response = client.get("/api/v1/lieux/", {"commune": "Zz%zville"})
    assert response.status_code == 400
    assert "Aucune commune ne correspond à « Zz%zville »." in response.text
