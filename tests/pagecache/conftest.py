"""A site with one of everything linked to everything, and what the page-cache tests share."""

import datetime
import html
import types
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from funding.models import TIERS_LIEUX_MEASURE, Indicator
from pages.models import SitePage
from places.models import Commune
from tests import factories
from visits.models import Announcement, Person, Quote

CARPIQUET = {"latitude": Decimal("49.1857000"), "longitude": Decimal("-0.4466000")}
COLOMBELLES = {"latitude": Decimal("49.2009123"), "longitude": Decimal("-0.2978456")}


def text(response):
    """What the visitor reads: the body (streamed or not), entities decoded, white space
    collapsed."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(html.unescape(body.decode()).split())


@pytest.fixture
def world(db):
    """Two places, a programme with a line, a funder and an award, a visit to the first place
    with its participant, announcement and quote, the national figures, a dataset."""
    kind = factories.kind(name="Tiers-lieu nourricier", slug="nourricier")
    service = factories.service(name="Impression 3D", slug="impression-3d")
    source = factories.source(title="Article du journal normand")
    carpiquet = Commune.objects.get(code="14137", kind="COM")
    place = factories.place(
        name="L'atelier normand",
        slug="l-atelier-normand",
        commune=carpiquet,
        kinds=[kind],
        services=[service],
        sources=[source],
        **CARPIQUET,
    )
    other = factories.place(name="Le WIP", slug="le-wip", commune_name="Colombelles", **COLOMBELLES)
    photo = factories.place_photo(place, caption="La grande salle")
    dataset = factories.dataset(title="Réseau normand", attribution="Réseau normand, 2024")
    factories.provenance(place, dataset=dataset)
    funder = factories.funder(name="France Relance")
    programme = factories.programme(
        name="Enveloppe des tiers-lieux",
        slug="enveloppe",
        lines=[("Fabriques de territoire", "45000000")],
        fundings=[(funder, "75000000")],
        sources=[source],
    )
    line = programme.lines.get()
    award = factories.award(line, place, amount=Decimal("50000"), year=2022)
    visit = factories.visit(title="Visite du Premier ministre", slug="visite-premier-ministre")
    visit.sources.set([source])
    person = Person.objects.create(name="Jean Castex", slug="jean-castex")
    participant = factories.participant(visit, person=person, office="Premier ministre")
    stop = factories.stop(visit, place=place)
    announcement = Announcement.objects.create(
        visit=visit, programme=programme, text="Cent trente millions pour les tiers-lieux."
    )
    quote = Quote.objects.create(
        visit=visit, participant=participant, text="Les tiers-lieux sont l'avenir."
    )
    Indicator.objects.create(measure=TIERS_LIEUX_MEASURE, year=2021, value=2500, source=source)
    return types.SimpleNamespace(
        kind=kind,
        service=service,
        source=source,
        commune=carpiquet,
        place=place,
        other=other,
        photo=photo,
        dataset=dataset,
        funder=funder,
        programme=programme,
        line=line,
        award=award,
        visit=visit,
        person=person,
        participant=participant,
        stop=stop,
        announcement=announcement,
        quote=quote,
        accessibility=SitePage.objects.get(slug=SitePage.Slug.ACCESSIBILITY),
    )


@pytest.fixture
def check_change(client, django_capture_on_commit_callbacks):
    """`check_change(change, {url: Shows("…"), …})`: each page read (and cached) first, then
    `change()` committed, then each page read again and checked."""
    from tests.pagecache.changes import read, warm

    def check(change, expectations):
        before = warm(client, expectations)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        for url, expectation in expectations.items():
            expectation.check(url, before[url], read(client, url))

    return check


@pytest.fixture
def staff_client(editor):
    """An editor's browser, beside the visitor's `client`."""
    staff = Client()
    staff.force_login(editor)
    return staff


class Urls:
    HOME = reverse("home")
    PLACES = reverse("places:list")
    PLACE = reverse("places:detail", kwargs={"slug": "l-atelier-normand"})
    OTHER = reverse("places:detail", kwargs={"slug": "le-wip"})
    MAP = reverse("map")
    MAP_DATA = reverse("map_data")
    CSV = reverse("places:download_csv")
    GEOJSON = reverse("places:download_geojson")
    PROGRAMMES = reverse("funding:list")
    PROGRAMME = reverse("funding:detail", kwargs={"slug": "enveloppe"})
    FIGURES = reverse("figures")
    VISITS = reverse("visits:list")
    VISIT = reverse("visits:detail", kwargs={"slug": "visite-premier-ministre"})
    FEED = reverse("visits:feed")
    CALENDAR = reverse("visits:calendar")
    OPEN_DATA = reverse("open_data")
    SITEMAP = reverse("sitemap")
    ACCESSIBILITY = reverse("pages:accessibilite")
    LEGAL = reverse("pages:mentions-legales")
    API_PLACES = "/api/v1/lieux/"
    API_PLACE = "/api/v1/lieux/l-atelier-normand/"
    API_PROGRAMMES = "/api/v1/financements/"
    API_PROGRAMME = "/api/v1/financements/enveloppe/"
    API_VISITS = "/api/v1/visites/"
    API_VISIT = "/api/v1/visites/visite-premier-ministre/"


# Every cached public address of the world, pages and API.
ALL_URLS = [value for name, value in vars(Urls).items() if name.isupper()]


def later(seconds):
    return datetime.timedelta(seconds=seconds)
