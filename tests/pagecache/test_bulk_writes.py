"""Writes that send no signal — the admin's publishing actions, imports, merges, the communes'
reload — and time itself (scheduled publication) show on the next request too."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import Status
from places.merging import merge_places
from places.models import Commune, Place
from tests import factories
from tests.pagecache.changes import Answers, Changes, Hides, Shows, read, warm
from tests.pagecache.conftest import COLOMBELLES, Urls
from tests.places.import_files import import_regional, regional_file, regional_rows


def test_the_publish_action(world, staff_client, check_change):
    draft = factories.draft_place(
        name="Lieu en brouillon",
        slug="lieu-en-brouillon",
        sources=[factories.source()],
        **COLOMBELLES,
    )
    url = draft.get_absolute_url()
    check_change(
        lambda: staff_client.post(
            "/admin/places/place/", {"action": "publish", "_selected_action": [draft.pk]}
        ),
        {
            url: Answers(200),
            Urls.HOME: Changes(),
            Urls.PLACES: Shows("Lieu en brouillon"),
            Urls.MAP_DATA: Shows("Lieu en brouillon"),
            Urls.SITEMAP: Shows("/lieux/lieu-en-brouillon/"),
            Urls.API_PLACES: Shows("Lieu en brouillon"),
        },
    )
    assert Place.objects.get(pk=draft.pk).status == Status.PUBLISHED


def test_the_unpublish_action(world, staff_client, check_change):
    check_change(
        lambda: staff_client.post(
            "/admin/places/place/", {"action": "unpublish", "_selected_action": [world.other.pk]}
        ),
        {
            Urls.OTHER: Answers(404),
            Urls.HOME: Changes(),
            Urls.PLACES: Hides("Le WIP"),
            Urls.MAP_DATA: Hides("Le WIP"),
            Urls.SITEMAP: Hides("/lieux/le-wip/"),
            Urls.API_PLACES: Hides("Le WIP"),
        },
    )


def test_unpublishing_a_programme_hides_it_from_the_pages_of_other_apps(
    world, staff_client, check_change
):
    check_change(
        lambda: staff_client.post(
            "/admin/funding/programme/",
            {"action": "unpublish", "_selected_action": [world.programme.pk]},
        ),
        {
            Urls.PROGRAMME: Answers(404),
            Urls.PROGRAMMES: Hides("Enveloppe des tiers-lieux"),
            Urls.PLACE: Hides("Enveloppe des tiers-lieux"),
            Urls.VISIT: Hides("Enveloppe des tiers-lieux"),
            Urls.HOME: Changes(),
        },
    )


def test_an_import_creating_places(world, check_change):
    def change():
        report = import_regional()
        assert report.applied and not report.refused

    check_change(
        change,
        {
            Urls.HOME: Changes(),
            Urls.PLACES: Shows("Dot Parade Nantes"),
            Urls.CSV: Shows("Dot Parade Nantes"),
            Urls.API_PLACES: Shows("Dot Parade Nantes"),
            Urls.PLACES + "?type=fablab": Shows("Fabrique de Cholet"),
        },
    )


def test_an_import_updating_places(world, check_change):
    import_regional()
    rows = regional_rows()
    rows[3][5] = "Fablab et atelier bois."
    cholet = Place.objects.get(name="Fabrique de Cholet").get_absolute_url()

    def change():
        report = import_regional(regional_file(rows))
        assert report.applied and not report.refused

    check_change(change, {cholet: Shows("atelier bois")})


def test_a_merge(world, check_change):
    check_change(
        lambda: merge_places(world.place, world.other),
        {
            Urls.OTHER: Answers(301),
            Urls.PLACES: Hides("Le WIP"),
            Urls.MAP_DATA: Hides("Le WIP"),
            Urls.API_PLACES: Hides("Le WIP"),
            Urls.SITEMAP: Hides("/lieux/le-wip/"),
        },
    )


def test_reloading_the_communes(world, check_change):
    # A name edited by hand, behind the site's back: pages show it, and the reload repairs it.
    Commune.objects.filter(pk=world.commune.pk).update(name="Carpiquette")
    by_commune = f"{Urls.PLACES}?commune=14137"
    check_change(
        lambda: call_command("load_communes", verbosity=0), {by_commune: Shows("Carpiquet (")}
    )


def test_a_place_scheduled_for_later_appears_on_time(world, client):
    now = timezone.now()
    factories.place(
        name="Lieu programmé",
        slug="lieu-programme",
        status=Status.PUBLISHED,
        published_at=now + datetime.timedelta(seconds=120),
        **COLOMBELLES,
    )
    urls = [Urls.HOME, Urls.PLACES, Urls.MAP_DATA, Urls.SITEMAP, Urls.API_PLACES]
    before = warm(client, urls)
    # A minute later the cached pages are still right, and served from the cache.
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(seconds=60)):
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert read(client, url) == before[url]
            assert not queries.captured_queries
    # Its time has come: every page shows it, without anyone writing anything.
    with mock.patch(
        "django.utils.timezone.now", return_value=now + datetime.timedelta(seconds=121)
    ):
        assert read(client, "/lieux/lieu-programme/")[0] == 200
        for url in [Urls.PLACES, Urls.MAP_DATA, Urls.API_PLACES]:
            assert "Lieu programmé" in read(client, url)[1]
        assert "/lieux/lieu-programme/" in read(client, Urls.SITEMAP)[1]
        assert read(client, Urls.HOME)[1] != before[Urls.HOME][1]
