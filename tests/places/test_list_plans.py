"""PostgreSQL's plans for each filter and sort of the public lists use an index.

Ten thousand places spread as a national census is (every department, a few kinds, one place in
ten without coordinates), statistics gathered, then EXPLAIN of the query a list page runs: the
page's rows with their count (content.pagination). Skipped on SQLite, whose planner is not the
production one.
"""

import datetime
import random

import pytest
from django.db import connection
from django.utils import timezone

from content.models import Status
from content.pagination import CountingPaginator
from funding.filters import ProgrammeFilter
from funding.models import Funder, Programme, ProgrammeFunding
from places.filters import PlaceFilter
from places.models import Commune, Department, Place, PlaceKind, Service
from places.views import PlaceListView
from visits.filters import VisitFilter
from visits.models import Participant, Stop, Visit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans only"),
]

PLACES = 10_000
WORDS = ["atelier", "fablab", "coworking", "ferme", "café", "garage", "friche", "forge"]


def _analyze(*models):
    """Statistics, and the search's GIN index rebuilt with its own (VACUUM keeps them on a live
    database; it cannot run in the test's transaction)."""
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"ANALYZE {table}")
            if any(field.name == "search_vector" for field in model._meta.fields):
                cursor.execute(f"REINDEX INDEX {table}_search_vector_idx")


@pytest.fixture
def census():
    rng = random.Random(7)
    departments = list(Department.objects.all())
    kinds = [PlaceKind.objects.create(name=f"Genre {n}", slug=f"genre-{n}") for n in range(8)]
    services = [Service.objects.create(name=f"Offre {n}", slug=f"offre-{n}") for n in range(12)]
    now = timezone.now()
    rows = []
    for number in range(PLACES):
        department = rng.choice(departments)
        located = rng.random() > 0.1
        name = f"{rng.choice(WORDS).title()} {number:05d}"
        rows.append(
            Place(
                name=name,
                slug=f"lieu-{number}",
                search_title=name.lower(),
                summary=f"Un {rng.choice(WORDS)} et un {rng.choice(WORDS)}.",
                department=department,
                commune_name=f"Commune {number % 3000}",
                commune_code=f"{department.code[:2]}{number % 1000:03d}",
                latitude=46 if located else None,
                longitude=2 if located else None,
                year_opened=rng.choice([None, *range(1990, 2024)]),
                status=Status.PUBLISHED if rng.random() > 0.05 else Status.DRAFT,
                published_at=now - datetime.timedelta(minutes=number),
            )
        )
    places = Place.objects.bulk_create(rows, batch_size=2000)
    Place.kinds.through.objects.bulk_create(
        [Place.kinds.through(place_id=p.pk, placekind_id=rng.choice(kinds).pk) for p in places],
        batch_size=5000,
    )
    Place.services.through.objects.bulk_create(
        [Place.services.through(place_id=p.pk, service_id=rng.choice(services).pk) for p in places],
        batch_size=5000,
    )
    _analyze(Place, Place.kinds.through, Place.services.through, Department, Commune)
    return {"kinds": kinds, "services": services}


def plan(filterset_class, queryset, data, page=1):
    filterset = filterset_class(data, queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    paginator = CountingPaginator(filterset.qs, 20)
    bottom = (page - 1) * 20
    return paginator.page_queryset(bottom, bottom + 20).explain()


def uses(found, indexes):
    indexes = (indexes,) if isinstance(indexes, str) else indexes
    return any(index in found for index in indexes)


def place_plan(data, page=1):
    return plan(PlaceFilter, PlaceListView().get_queryset(), data, page)


# Each filter and sort of /lieux/, and the index its plan must use. A region holds a few
# departments: the planner may rather read the name index until a page is full, stopping early.
PLACE_CASES = [
    # The list as most visitors see it, closed places left out: its own smaller index.
    ({}, "place_public_name_idx"),
    ({"tri": "nom"}, "place_public_name_idx"),
    ({"statut": "tous"}, "place_name_id_idx"),
    ({"tri": "ouverture"}, "place_opening_date_idx"),
    ({"tri": "recent"}, "place_publication_idx"),
    ({"departement": "14"}, "places_place_department_id"),
    ({"region": "53"}, ("places_place_department_id", "place_public_name_idx")),
    ({"type": "genre-3"}, "places_place_kinds_placekind_id"),
    ({"service": "offre-5"}, "places_place_services_service_id"),
    ({"commune": "14118"}, "places_place_commune_id"),
    ({"coordonnees": "sans"}, "place_latitude_idx"),
    ({"coordonnees": "avec"}, "place_public_name_idx"),
    ({"q": "forge 0004"}, "places_place_search_vector_idx"),
    ({"q": "forge 0004", "tri": "nom"}, "places_place_search_vector_idx"),
]


def test_each_filter_and_sort_of_the_places_list_uses_its_index(census):
    # One test for all the cases: ten thousand places are made once.
    missing = [
        (data, index, found)
        for data, index in PLACE_CASES
        if not uses(found := place_plan(data), index)
    ]
    assert not missing, missing


@pytest.fixture
def programmes_and_visits():
    funders = [Funder.objects.create(name=f"Financeur {n}", slug=f"f-{n}") for n in range(20)]
    now = timezone.now()
    programmes = Programme.objects.bulk_create(
        Programme(
            name=f"Programme {WORDS[number % len(WORDS)]} {number}",
            slug=f"programme-{number}",
            announced_on=datetime.date(2000 + number % 25, 1 + number % 12, 1),
            status=Status.PUBLISHED,
            published_at=now,
        )
        for number in range(300)
    )
    ProgrammeFunding.objects.bulk_create(
        ProgrammeFunding(programme=programme, funder=funders[n % 20], amount=1)
        for n, programme in enumerate(programmes)
    )
    visits = Visit.objects.bulk_create(
        Visit(
            title=f"Visite {WORDS[number % len(WORDS)]} {number}",
            slug=f"visite-{number}",
            date=datetime.date(2000 + number % 25, 1 + number % 12, 1),
            status=Status.PUBLISHED,
            published_at=now,
        )
        for number in range(300)
    )
    Participant.objects.bulk_create(
        Participant(visit=visit, office=f"Ministre {n % 40}", order=0)
        for n, visit in enumerate(visits)
    )
    place = Place.objects.create(
        name="Lieu", slug="lieu", department=Department.objects.get(code="14")
    )
    Stop.objects.bulk_create(Stop(visit=visit, place=place, order=0) for visit in visits[:100])
    _analyze(Programme, ProgrammeFunding, Visit, Participant, Stop)


PROGRAMME_CASES = [
    ({}, "programme_newest_first_idx"),
    ({"annee": "2021"}, "programme_newest_first_idx"),
    ({"financeur": "f-3"}, "funding_programmefunding_funder_id"),
    ({"q": "forge 12"}, "funding_programme_search_vector_idx"),
]
VISIT_CASES = [
    ({}, "visit_newest_first_idx"),
    ({"annee": "2021"}, "visit_newest_first_idx"),
    ({"fonction": "Ministre 3"}, "participant_office_idx"),
    ({"departement": "14"}, ("visits_stop_visit_id", "visits_stop_place_id")),
    ({"q": "forge 12"}, "visits_visit_search_vector_idx"),
]


def test_each_filter_of_the_programmes_and_visits_lists_uses_its_index(programmes_and_visits):
    # A few hundred programmes and visits: reading the table is the planner's right choice. With
    # sequential scans off, each query shows that it has an index it can use.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    programmes = (
        Programme.objects.published().with_line_totals().order_by("-announced_on", "name", "id")
    )
    visits = Visit.objects.published().order_by("-date", "-id")
    missing = [
        (data, index, found)
        for data, index in PROGRAMME_CASES
        if not uses(found := plan(ProgrammeFilter, programmes, data), index)
    ] + [
        (data, index, found)
        for data, index in VISIT_CASES
        if not uses(found := plan(VisitFilter, visits, data), index)
    ]
    assert not missing, missing
