"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for all of them, a fresh context (cookies, storage) per test. Playwright's own
browser builds are never downloaded: the tests launch the system Chromium ($CHROMIUM, or
/usr/bin/chromium) and are skipped, with one message, where it is missing.

The live server needs committed data, so these tests run in real transactions and pytest-django
empties every table after each of them: `site` puts back what the migrations loaded (regions,
departments, kinds, the Éditeurs group, the communes of the Calvados) before loading the demo.
"""

import contextlib
import importlib
import os
import types
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from content.models import Status
from content.permissions import EDITORS_GROUP
from places.communes import reference
from places.models import Commune, Department, Place, PlaceKind, Region
from tests import factories, images

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
SKIP_REASON = "Chromium absent : tests navigateur ignorés"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 20_000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
# Communes put back after each flush: all 37 000 take seconds, one department a few ms.
COMMUNE_DEPARTMENTS = {"14"}


def chromium_available():
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


def pytest_terminal_summary(terminalreporter):
    """Say it plainly at the end of the run when the browser tests did not run."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and SKIP_REASON in str(report.longrepr[2])
    ]
    if skipped:
        terminalreporter.write_line(
            f"{SKIP_REASON} ({len(skipped)} tests ; {CHROMIUM} introuvable, "
            "« apt-get install chromium » pour les lancer).",
            yellow=True,
            bold=True,
        )


def pytest_collection_modifyitems(items):
    # The live server starts before the tests' settings point STATIC_ROOT to a throwaway folder,
    # and whitenoise says the project's own (made by collectstatic) does not exist yet.
    ignore = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(ignore)


@pytest.fixture(scope="session", autouse=True)
def _chromium_required():
    if not chromium_available():
        pytest.skip(SKIP_REASON)


@pytest.fixture(scope="package")
def browser(_chromium_required):
    """One Chromium for the browser tests, closed after the last of them.

    Playwright's sync API keeps an asyncio loop running in the main thread while it is started,
    which Django takes for async code: the tests' own ORM calls (and pytest-django's flush) are
    synchronous all the same, between browser calls, so they are allowed for that time only.
    """
    from playwright.sync_api import expect, sync_playwright

    # Waits long enough for a CI machine busy with other jobs; a passing check returns at once.
    expect.set_options(timeout=TIMEOUT_MS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture(scope="session")
def reference_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The rows the migrations load that the pages need, read once, to be put back in a few
    queries after each flush (the migrations' own loaders take seconds)."""
    with django_db_blocker.unblock():
        if not Department.objects.exists():  # another transactional test emptied the tables
            _load_reference_data(tmp_path_factory.mktemp("communes") / "communes.csv")
        group = Group.objects.get(name=EDITORS_GROUP)
        return types.SimpleNamespace(
            regions=list(Region.objects.all()),
            departments=list(Department.objects.all()),
            kinds=list(PlaceKind.objects.all()),
            communes=list(Commune.objects.filter(department__code__in=COMMUNE_DEPARTMENTS)),
            editors=set(group.permissions.values_list("content_type__app_label", "codename")),
        )


def _load_reference_data(commune_file):
    """The migrations' loaders, for a database a flush emptied before the first browser test."""
    importlib.import_module("places.migrations.0002_regions_departments_kinds").load(apps, None)
    with reference.COMMUNES_FILE.open(encoding="utf-8") as source:
        header = source.readline()
        rows = [line for line in source if line.split(",", 4)[3] in COMMUNE_DEPARTMENTS]
    commune_file.write_text(header + "".join(rows), encoding="utf-8")
    reference.load(Commune, Department, path=commune_file)
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["content", "places", "funding", "visits", "exports"]
        )
    )


def restore_reference_data(rows):
    """Put back what the migrations loaded, after an earlier browser test's flush."""
    if Department.objects.exists():
        return
    for model, instances in [
        (Region, rows.regions),
        (Department, rows.departments),
        (PlaceKind, rows.kinds),
        (Commune, rows.communes),
    ]:
        model.objects.bulk_create(instances)
    group = Group.objects.create(name=EDITORS_GROUP)
    group.permissions.set(
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in rows.editors
    )


def commune(code):
    return Commune.objects.get(code=code, kind=Commune.Kind.CURRENT)


@pytest.fixture
def site(transactional_db, reference_rows):
    """The demo content, plus places the demo lacks: coordinates, real photos, two pages of
    results, a probable duplicate pair."""
    restore_reference_data(reference_rows)
    for cache in caches.all():  # pages cached from an earlier test's rows
        cache.clear()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    coworking = PlaceKind.objects.get(slug="coworking")
    rich = factories.place(
        name="La Fabrique des communs",
        slug="la-fabrique-des-communs",
        summary="Coworking, atelier de réparation et café associatif au cœur de Caen.",
        description="Un ancien entrepôt du port transformé en lieu partagé.",
        street_address="12 quai de la Londe",
        commune=commune("14118"),
        postcode="14000",
        latitude="49.1790",
        longitude="-0.3550",
        surface_m2=1200,
        year_opened=2019,
        history="Ouvert par une association d'habitants en 2019.",
        website="https://example.org/fabrique",
        kinds=[coworking],
        services=[factories.service(name="Café associatif", slug="cafe-associatif")],
        sources=[factories.source(title="Annuaire des tiers-lieux normands")],
    )
    factories.place_photo(
        rich,
        image=images.upload(images.jpeg(1200, 800), name="entrepot.jpg"),
        alt_text="La façade de l'entrepôt, côté quai",
        caption="L'entrepôt du quai de la Londe.",
    )
    # Its probable duplicate, as an import of another list would create it.
    factories.place(
        name="Fabrique des communs - tiers-lieu",
        commune=commune("14118"),
        latitude="49.1791",
        longitude="-0.3551",
    )
    # Two pages of results on /lieux/ (20 a page), saved in one query.
    fillers = []
    for number in range(1, 22):
        filler = Place(
            name=f"Tiers-lieu de la vallée {number:02d}",
            slug=f"tiers-lieu-de-la-vallee-{number:02d}",
            department=factories.department("61" if number % 2 else "14"),
            latitude=Decimal("48.6" if number % 2 else "49.1"),
            longitude=Decimal(f"{-0.1 - number / 100:.2f}"),
            status=Status.PUBLISHED,
            published_at=factories.past(),
        )
        filler.refresh_search_text()
        fillers.append(filler)
    Place.objects.bulk_create(fillers)
    return types.SimpleNamespace(place=rich)


@pytest.fixture
def staff(site):
    """A member of the Éditeurs group, as the site's editors are."""
    user = factories.user(username="camille", first_name="Camille", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def _is_local(url):
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


def _serve_test_media(route, request):
    """Uploads go to a per-test MEDIA_ROOT (tests/conftest.py) that the project's media URL,
    bound to the real MEDIA_ROOT when the URLconf was imported, does not see: serve it here."""
    root = Path(settings.MEDIA_ROOT).resolve()
    name = unquote(urlsplit(request.url).path).removeprefix(settings.MEDIA_URL)
    path = (root / name).resolve()
    if path.is_file() and path.is_relative_to(root):
        route.fulfill(path=str(path))
    else:
        route.fulfill(status=404, body="")


@pytest.fixture
def broken_assets():
    """Static files (CSS, JS, images) the pages of a test asked for and did not get."""
    return []


@pytest.fixture
def new_context(browser, live_server, broken_assets):
    """Make fresh browser contexts (closed after the test) on the live server."""
    contexts = []
    static_prefix = f"{live_server.url}{settings.STATIC_URL}"

    def note_response(response):
        if response.status >= 400 and response.url.startswith(static_prefix):
            broken_assets.append(f"{response.status} {response.url}")

    def note_failure(request):
        # ERR_ABORTED: the page navigated away before the file arrived (the admin does, after
        # each save), not a missing file, which answers 404 above.
        if request.url.startswith(static_prefix) and request.failure != "net::ERR_ABORTED":
            broken_assets.append(f"{request.failure} {request.url}")

    def make(**options):
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris", **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        # Offline like the rest of the suite: map tiles and any other outside address are
        # refused inside the browser, the live server answers the rest.
        context.route(lambda url: not _is_local(url), lambda route: route.abort())
        context.route(f"{live_server.url}{settings.MEDIA_URL}**", _serve_test_media)
        context.on("response", note_response)
        context.on("requestfailed", note_failure)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context, 1280 × 800."""
    return new_context(viewport={"width": 1280, "height": 800}).new_page()


@pytest.fixture
def login(live_server):
    """Put a logged-in session cookie in a page's context (the login form has its own test)."""

    def log_in(page, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return log_in
