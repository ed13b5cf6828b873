"""Every change sent as a signal (a save, a deletion, a relation) shows on the next request of
every page that shows what changed.

Each case first reads its pages twice as a visitor (the second time from the cache: no query),
then makes its change and commits it, then reads them again.
"""

from decimal import Decimal

from funding.models import TIERS_LIEUX_MEASURE, Indicator, ProgrammeFunding
from places.models import Department
from tests import factories
from tests.pagecache.changes import Answers, Changes, Hides, Shows, saved
from tests.pagecache.conftest import Urls
from visits.models import Participant, Person, Quote

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
