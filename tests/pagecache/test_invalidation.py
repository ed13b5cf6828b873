"""Every kind of change shows on the next request of every page that shows what changed.

Each case first reads its pages twice as a visitor (the second time from the cache: no query),
then makes its change and commits it, then reads them again.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import Status
from funding.models import TIERS_LIEUX_MEASURE, Indicator, ProgrammeFunding
from places.merging import merge_places
from places.models import Commune, Department, Place
from tests import factories
from tests.pagecache.conftest import COLOMBELLES, Urls, text
from tests.places.import_files import import_regional, regional_file, regional_rows
from visits.models import Participant, Person, Quote


@dataclass(frozen=True)
class Shows:
    text: str

    def check(self, url, before, after):
        assert self.text not in before[1], f"{url} montrait déjà {self.text!r}"
        assert self.text in after[1], f"{url} ne montre pas {self.text!r} : page périmée"


@dataclass(frozen=True)
class Hides:
    text: str

    def check(self, url, before, after):
        assert self.text in before[1], f"{url} ne montrait pas {self.text!r}"
        assert self.text not in after[1], f"{url} montre encore {self.text!r} : page périmée"


@dataclass(frozen=True)
class Answers:
    status: int

    def check(self, url, before, after):
        assert before[0] != self.status
        assert after[0] == self.status, f"{url} répond {after[0]} au lieu de {self.status}"


class Changes:
    def check(self, url, before, after):
        assert before[1] != after[1], f"{url} n'a pas changé : page périmée"


def read(client, url):
    response = client.get(url)
    return response.status_code, text(response)


def warm(client, urls):
    """Each page read once, then again from the cache: no query at all."""
    seen = {url: read(client, url) for url in urls}
    for url, (status, _body) in seen.items():
        if status != 200:
            continue  # drafts and errors are never kept
        with CaptureQueriesContext(connection) as queries:
            assert read(client, url) == seen[url]
        assert not queries.captured_queries, f"{url} n'a pas été mis en cache"
    return seen


@pytest.fixture
def check_change(client, django_capture_on_commit_callbacks):
    def check(change, expectations):
        before = warm(client, expectations)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        for url, expectation in expectations.items():
            expectation.check(url, before[url], read(client, url))

    return check


@pytest.fixture
def staff_client(editor):
    staff = Client()
    staff.force_login(editor)
    return staff


def saved(row, **values):
    for name, value in values.items():
        setattr(row, name, value)
    row.save()


# --- Places and what they are made of -------------------------------------------------------


def test_a_renamed_place(world, check_change):
    new = "La fabrique normande"
    check_change(
        lambda: saved(world.place, name=new),
        {
            Urls.PLACES: Shows(new),
            Urls.PLACE: Shows(new),
            Urls.MAP_DATA: Shows(new),
            Urls.CSV: Shows(new),
            Urls.GEOJSON: Shows(new),
            Urls.PROGRAMME: Shows(new),
            Urls.VISIT: Shows(new),
            Urls.API_PLACES: Shows(new),
            Urls.API_PLACE: Shows(new),
            Urls.API_VISIT: Shows(new),
        },
    )


def test_a_deleted_place(world, check_change):
    check_change(
        world.other.delete,
        {
            Urls.HOME: Changes(),
            Urls.PLACES: Hides("Le WIP"),
            Urls.OTHER: Answers(404),
            Urls.MAP: Changes(),
            Urls.MAP_DATA: Hides("Le WIP"),
            Urls.CSV: Hides("Le WIP"),
            Urls.API_PLACES: Hides("Le WIP"),
            Urls.SITEMAP: Hides("/lieux/le-wip/"),
        },
    )


def test_a_renamed_kind(world, check_change):
    new = "Fablab partagé"
    check_change(
        lambda: saved(world.kind, name=new),
        {
            Urls.PLACES: Shows(new),
            Urls.PLACE: Shows(new),
            Urls.MAP_DATA: Shows(new),
            Urls.CSV: Shows(new),
            Urls.API_PLACE: Shows(new),
        },
    )


def test_a_kind_given_to_a_place(world, check_change):
    check_change(
        lambda: world.other.kinds.add(world.kind),
        {
            Urls.OTHER: Shows("Tiers-lieu nourricier"),
            Urls.PLACES: Changes(),
            Urls.MAP_DATA: Changes(),
            Urls.API_PLACES: Changes(),
        },
    )


def test_a_kind_taken_from_a_place(world, check_change):
    check_change(
        lambda: world.place.kinds.clear(),
        {Urls.PLACE: Hides("Tiers-lieu nourricier"), Urls.MAP_DATA: Hides("Tiers-lieu nourricier")},
    )


def test_a_renamed_service(world, check_change):
    new = "Découpe laser"
    check_change(
        lambda: saved(world.service, name=new),
        {
            Urls.PLACE: Shows(new),
            Urls.PLACES: Shows(new),  # the service filter's options
            Urls.CSV: Shows(new),
            Urls.API_PLACE: Shows(new),
        },
    )


def test_a_renamed_commune(world, check_change):
    by_commune = f"{Urls.PLACES}?commune=14137"
    check_change(
        lambda: saved(world.commune, name="Carpiquet-la-Neuve"),
        {by_commune: Shows("Carpiquet-la-Neuve")},
    )


def test_a_renamed_department(world, check_change):
    check_change(
        lambda: saved(Department.objects.get(code="14"), name="Calvados normand"),
        {
            Urls.PLACE: Shows("Calvados normand"),
            Urls.PLACES: Shows("Calvados normand"),
            Urls.VISITS: Shows("Calvados normand"),  # the department filter's options
        },
    )


def test_a_photo_added_edited_and_deleted(world, check_change):
    check_change(
        lambda: factories.place_photo(world.other, caption="Le hall d'entrée"),
        {Urls.OTHER: Shows("Le hall d'entrée")},
    )
    check_change(
        lambda: saved(world.photo, caption="La salle des machines"),
        {Urls.PLACE: Shows("La salle des machines")},
    )
    check_change(world.photo.delete, {Urls.PLACE: Hides("La salle des machines")})


def test_a_renamed_source(world, check_change):
    new = "Reportage de la radio régionale"
    check_change(
        lambda: saved(world.source, title=new),
        {Urls.PLACE: Shows(new), Urls.PROGRAMME: Shows(new), Urls.VISIT: Shows(new)},
    )


def test_a_changed_dataset(world, check_change):
    new = "Réseau normand des tiers-lieux, 2025"
    check_change(
        lambda: saved(world.dataset, attribution=new),
        {Urls.PLACE: Shows(new), Urls.OPEN_DATA: Shows(new), Urls.API_PLACE: Shows(new)},
    )


# --- Funding ----------------------------------------------------------------------------------


def test_a_renamed_programme(world, check_change):
    new = "Plan national des tiers-lieux"
    check_change(
        lambda: saved(world.programme, name=new),
        {
            Urls.PROGRAMMES: Shows(new),
            Urls.PROGRAMME: Shows(new),
            Urls.PLACE: Shows(new),
            Urls.VISIT: Shows(new),
            Urls.API_PROGRAMMES: Shows(new),
            Urls.API_PROGRAMME: Shows(new),
        },
    )


def test_a_renamed_line(world, check_change):
    new = "Manufactures de proximité"
    check_change(
        lambda: saved(world.line, name=new),
        {Urls.PROGRAMME: Shows(new), Urls.PLACE: Shows(new), Urls.API_PROGRAMME: Shows(new)},
    )


def test_a_new_funding_share(world, check_change):
    def change():
        funder = factories.funder(name="Banque des Territoires")
        ProgrammeFunding.objects.create(
            programme=world.programme, funder=funder, amount=Decimal("25000000")
        )

    check_change(
        change,
        {
            Urls.PROGRAMME: Shows("Banque des Territoires"),
            Urls.PROGRAMMES: Shows("Banque des Territoires"),  # the funder filter's options
            Urls.API_PROGRAMME: Shows("Banque des Territoires"),
        },
    )


def test_a_changed_funding_amount(world, check_change):
    funding = world.programme.fundings.get()
    check_change(
        lambda: saved(funding, amount=Decimal("80000000")),
        {Urls.PROGRAMME: Changes(), Urls.API_PROGRAMME: Shows("80000000")},
    )


def test_an_award_added_and_deleted(world, check_change):
    check_change(
        lambda: factories.award(world.line, world.other, amount=Decimal("75000")),
        {Urls.OTHER: Shows("Fabriques de territoire"), Urls.PROGRAMME: Shows("Le WIP")},
    )
    check_change(world.award.delete, {Urls.PLACE: Hides("Fabriques de territoire")})


def test_the_national_figures(world, check_change):
    check_change(
        lambda: Indicator.objects.create(
            measure=TIERS_LIEUX_MEASURE, year=2024, value=3456, kind=Indicator.Kind.OBSERVED
        ),
        {Urls.FIGURES: Shows("3 456"), Urls.HOME: Shows("3 456")},
    )


# --- Visits ---------------------------------------------------------------------------------


def test_a_renamed_visit(world, check_change):
    new = "Visite ministérielle en Normandie"
    check_change(
        lambda: saved(world.visit, title=new),
        {
            Urls.VISITS: Shows(new),
            Urls.VISIT: Shows(new),
            Urls.FEED: Shows(new),
            Urls.CALENDAR: Shows("Visite ministérielle"),
            Urls.PLACE: Shows(new),
            Urls.PROGRAMME: Shows(new),
            Urls.API_VISITS: Shows(new),
            Urls.API_VISIT: Shows(new),
        },
    )


def test_a_new_stop(world, check_change):
    check_change(
        lambda: factories.stop(world.visit, place=world.other),
        {
            Urls.VISIT: Shows("Le WIP"),
            Urls.VISITS: Shows("Le WIP"),
            Urls.OTHER: Shows("Visite du Premier ministre"),
            Urls.API_VISIT: Shows("le-wip"),
        },
    )


def test_an_edited_announcement(world, check_change):
    new = "Cent trente millions d'euros sur trois ans."
    check_change(
        lambda: saved(world.announcement, text=new),
        {Urls.VISIT: Shows(new)},
    )


def test_a_new_quote(world, check_change):
    check_change(
        lambda: Quote.objects.create(
            visit=world.visit, participant=world.participant, text="Nous continuerons."
        ),
        {Urls.VISIT: Shows("Nous continuerons.")},
    )


def test_a_new_participant(world, check_change):
    office = "Ministre de la Cohésion des territoires"

    def change():
        person = Person.objects.create(name="Jacqueline Gourault", slug="jacqueline-gourault")
        Participant.objects.create(
            visit=world.visit, person=person, office=office, role=Participant.Role.ACCOMPANIES
        )

    check_change(
        change,
        {
            Urls.VISIT: Shows("Jacqueline Gourault"),
            Urls.VISITS: Shows(office),  # the office filter's options
            Urls.API_VISIT: Shows(office),
        },
    )


def test_a_renamed_person(world, check_change):
    check_change(lambda: saved(world.person, name="J. Castex"), {Urls.VISIT: Shows("J. Castex")})


# --- Site pages -----------------------------------------------------------------------------


def test_an_edited_site_page(world, check_change):
    check_change(
        lambda: saved(world.accessibility, body="Le site a été audité en 2025 par un tiers."),
        {Urls.ACCESSIBILITY: Shows("audité en 2025")},
    )


# --- Writes that send no signal -------------------------------------------------------------


def test_the_publish_action(world, staff_client, check_change):
    draft = factories.draft_place(name="Lieu en brouillon", slug="lieu-en-brouillon", **COLOMBELLES)
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
