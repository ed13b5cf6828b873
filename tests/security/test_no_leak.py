"""Nothing that is not published reaches the public: drafts and rows scheduled for later, of
every kind, each named with a marker, are linked from published content; then every public
address the site links to, and every feed, download and API answer, is read for the markers."""

import datetime
import gzip
import io
import json
import re
import zipfile
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from content.models import Status
from funding.models import Indicator, ProgrammeLine
from tests import factories
from visits.models import Announcement, Person, Quote, VisitPhoto

pytestmark = pytest.mark.django_db

MARKER = "FUITE"
# Enough for every page of this small site; the crawl fails if it is not enough.
MAX_PAGES = 600
# What the published content says: the crawl must find each, or it read nothing.
SHOWN = {
    "Photo publiée",
    "Ligne publiée",
    "Vague publiée",
    "Source publiée",
    "Annonce publiée",
    "Jeu publié",
}
# Addresses the site does not link to from its pages, and the searches for the marker word.
SEEDS = [
    "/",
    "/sitemap.xml",
    "/visites/flux/",
    "/visites/calendrier.ics",
    "/carte/lieux.geojson",
    "/carte/departements.geojson",
    "/lieux/telecharger.csv",
    "/lieux/telecharger.geojson",
    "/api/v1/lieux/",
    "/api/v1/financements/",
    "/api/v1/visites/",
    "/api/v1/schema/",
    *(
        f"{page}?q={word}"
        for page in (
            "/lieux/",
            "/financements/",
            "/visites/",
            "/carte/",
            "/carte/lieux.geojson",
            "/carte/departements.geojson",
            "/lieux/telecharger.csv",
            "/api/v1/lieux/",
            "/api/v1/financements/",
            "/api/v1/visites/",
        )
        for word in (MARKER, "fuite", "brouillon", "programme")
    ),
]
# A public detail page, whose API twin is /api/v1 + its address.
DETAIL_PAGE = re.compile(r"^/(lieux|financements|visites)/(?!flux/)[\w-]+/$")
# Never read: the staff's side and files.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")


def later():
    return timezone.now() + datetime.timedelta(days=3)


def hidden_states():
    """(state, overrides) for a draft and for a row scheduled for later."""
    return [
        ("brouillon", {"status": Status.DRAFT, "published_at": None}),
        ("programme", {"status": Status.PUBLISHED, "published_at": later()}),
    ]


def build_site():
    """Published content, and hidden rows of every kind linked from it. Returns the hidden
    rows' public addresses (places, programmes and visits)."""
    source = factories.source(title="Source publiée")
    kind = factories.kind(name="Type publié")
    place = factories.place(name="Lieu publié", kinds=[kind], sources=[source])
    factories.place_photo(place, caption="Photo publiée")
    factories.provenance(place, dataset=factories.dataset(title="Jeu publié"))
    funder = factories.funder(name="Financeur public")
    programme = factories.programme(
        name="Programme publié",
        lines=[("Ligne publiée", "100000")],
        fundings=[(funder, "100000")],
        sources=[source],
    )
    line = programme.lines.get()
    factories.award(line, place, round="Vague publiée")
    visit = factories.visit(title="Visite publiée")
    visit.sources.set([source])
    factories.participant(visit, office="Ministre publiée")
    factories.stop(visit, place=place)
    Announcement.objects.create(visit=visit, programme=programme, text="Annonce publiée")
    Indicator.objects.create(measure="Tiers-lieux en France", year=2021, value=2500)

    hidden_urls = []
    for state, overrides in hidden_states():

        def mark(kind, state=state):
            return f"{MARKER}-{kind}-{state}"

        hidden_source = factories.source(title=mark("source"), publisher=mark("editeur"))

        # A hidden programme, its line, funder's share and award to the published place; the
        # published visit announces it and its line.
        hidden_programme = factories.programme(
            name=mark("programme"),
            slug=mark("programme").lower(),
            summary=mark("programme-resume"),
            lines=[(mark("ligne"), "5000")],
            fundings=[(factories.funder(name=mark("financeur")), "5000")],
            sources=[hidden_source],
            **overrides,
        )
        hidden_line = hidden_programme.lines.get()
        factories.award(hidden_line, place, round=mark("subvention"), note=mark("note"))
        # What the visit's editors wrote of the announcement is the published visit's own
        # text (no marker); the hidden programme's name and lines must not show beside it.
        announcement = Announcement.objects.create(
            visit=visit, programme=hidden_programme, text="Une annonce pendant la visite."
        )
        announcement.lines.set([hidden_line])

        # A hidden place: the published programme funds it, the published visit stops there.
        hidden_place = factories.place(
            name=mark("lieu"),
            slug=mark("lieu").lower(),
            description=mark("lieu-description"),
            kinds=[kind],
            sources=[hidden_source],
            **overrides,
        )
        factories.place_photo(hidden_place, caption=mark("photo-lieu"))
        factories.provenance(
            hidden_place, dataset=factories.dataset(title=mark("jeu"), attribution=mark("auteur"))
        )
        factories.award(line, hidden_place, round=mark("subvention-lieu"))
        # The stop's own description is the published visit's text: the hidden place's name
        # must not show.
        factories.stop(visit, place=hidden_place, description="Une étape de la visite.")
        # A published place's own line of a hidden programme.
        ProgrammeLine.objects.create(
            programme=hidden_programme, name=mark("ligne-bis"), amount=1, order=2
        )

        # A hidden visit to the published place, announcing the published programme.
        hidden_visit = factories.visit(
            title=mark("visite"),
            slug=mark("visite").lower(),
            summary=mark("visite-resume"),
            date=datetime.date.today() + datetime.timedelta(days=10),
            **overrides,
        )
        hidden_visit.sources.set([hidden_source])
        person = Person.objects.create(name=mark("personne"), slug=mark("personne").lower())
        speaker = factories.participant(hidden_visit, person=person, office=mark("participant"))
        stop = factories.stop(hidden_visit, place=place, title=mark("etape"))
        Announcement.objects.create(
            visit=hidden_visit, programme=programme, text=mark("annonce-visite")
        )
        Quote.objects.create(visit=hidden_visit, participant=speaker, text=mark("citation"))
        VisitPhoto.objects.create(
            visit=hidden_visit,
            stop=stop,
            caption=mark("photo-visite"),
            rights_holder="Radio France",
        )
        hidden_urls += [
            hidden_place.get_absolute_url(),
            hidden_programme.get_absolute_url(),
            hidden_visit.get_absolute_url(),
            f"/api/v1/lieux/{hidden_place.slug}/",
            f"/api/v1/financements/{hidden_programme.slug}/",
            f"/api/v1/visites/{hidden_visit.slug}/",
        ]
    return hidden_urls


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src", "action", "data-url", "data-geojson"} and value:
                self.links.append(value)


def decoded(response):
    """The answer's text, whatever it is wrapped in: gzip, a zip archive, or plain bytes."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip" or body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(archive.read(name) for name in archive.namelist())
    text = body.decode("utf-8", errors="replace")
    if "calendar" in response.get("Content-Type", ""):
        # iCalendar folds its lines at 75 bytes, maybe in the middle of a marker.
        text = re.sub(r"\r?\n[ \t]", "", text)
    return text


def links_in(text, content_type):
    if "html" in content_type:
        parser = LinkParser()
        parser.feed(text)
        return parser.links
    if "json" in content_type:
        found = []

        def walk(value):
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
            elif isinstance(value, str) and value.startswith(("/", "http://testserver/")):
                found.append(value)

        walk(json.loads(text))
        return found
    # XML (sitemap, Atom) and iCalendar: any address of this site.
    return re.findall(r"https?://testserver(/[^\s<\"']*)", text)


def internal(link, base):
    parts = urlsplit(urljoin(f"http://testserver{base}", link))
    if parts.netloc != "testserver" or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def hidden_urls(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_site()


def test_no_hidden_content_reaches_any_public_address(client, hidden_urls):
    seen, leaks, errors, shown = set(), [], [], set()
    queue = deque(SEEDS)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        assert len(seen) <= MAX_PAGES, "Le site a plus d'adresses que la limite du test."
        response = client.get(url)
        if response.status_code >= 500:
            errors.append((url, response.status_code))
        if response.status_code >= 400:
            # The editable pages' default texts link to the demo's rows: 404 here.
            continue
        if response.status_code in (301, 302):
            queue.append(internal(response["Location"], url) or "/")
            continue
        detail = DETAIL_PAGE.match(url)
        if detail:
            # The API links no detail of its own: each published page's API twin is read too.
            queue.append(f"/api/v1{url}")
        text = decoded(response)
        shown |= {text_shown for text_shown in SHOWN if text_shown in text}
        leaks += [(url, hit) for hit in sorted(set(re.findall(rf"{MARKER}-[\w-]+", text, re.I)))]
        for link in links_in(text, response.get("Content-Type", "")):
            target = internal(link, url.split("?")[0])
            if target and target not in seen:
                queue.append(target)

    assert not leaks, "\n".join(f"{url} : {hit}" for url, hit in leaks)
    assert not errors, errors
    assert shown == SHOWN
    # The crawl did reach the detail pages, the API details and the downloads.
    reached = {url.split("?")[0] for url in seen}
    assert {"/chiffres/", "/donnees/", "/carte/", "/lieux/telecharger.csv"} <= reached
    for prefix in ("/lieux/lieu-", "/financements/programme-", "/visites/visite-"):
        assert any(url.startswith(prefix) for url in reached), prefix
        assert any(url.startswith(f"/api/v1{prefix}") for url in reached), prefix
    assert not reached & set(hidden_urls)


def test_hidden_rows_answer_404_to_the_public(client, hidden_urls):
    assert [(url, client.get(url).status_code) for url in hidden_urls] == [
        (url, 404) for url in hidden_urls
    ]
