import random
import string
import time
from decimal import Decimal

import pytest

from places.imports.duplicates import (
    Candidate,
    DuplicateFinder,
    Match,
    comparable_name,
    site_duplicates,
)
from places.models import Commune, Place
from tests import factories

CAEN = {"commune_code": "14118", "department_code": "14", "commune_name": "Caen"}
NANTES = {"commune_code": "44109", "department_code": "44", "commune_name": "Nantes"}
LILLE = {"commune_code": "59350", "department_code": "59", "commune_name": "Lille"}
RENNES = {"commune_code": "35238", "department_code": "35", "commune_name": "Rennes"}


def candidate(key, name, *, postcodes=(), latitude=None, longitude=None, website="", **where):
    # Caen unless told otherwise; told otherwise, only what is told.
    where = where or CAEN
    return Candidate(
        key=key,
        name=name,
        commune_code=where.get("commune_code", ""),
        department_code=where.get("department_code", ""),
        postcodes=postcodes,
        latitude=latitude,
        longitude=longitude,
        commune_name=where.get("commune_name", ""),
        website=website,
    )


def matches(row, *places):
    return DuplicateFinder(places).matches(row)


@pytest.mark.parametrize(
    ("name", "communes", "expected"),
    [
        ("L’Atelier Normand", (), "atelier normand"),
        ("atelier normand", (), "atelier normand"),
        ("Le WIP", (), "wip"),
        ("WIP - tiers-lieu", (), "wip"),
        ("Dot Parade Nantes", ("Nantes",), "dot parade"),
        ("1624 COWORKIN'LILLE", ("Lille",), "1624 coworkin"),
        ("1624 Cowork'in Lille", ("Lille",), "1624 cowork in"),
        ("Association La Palanquée (SCIC)", (), "palanquee"),
        ("Le Hub de Saint-Lô", ("Saint-Lô",), "hub"),
        ("THE Tiers Lieux Factory SARL", (), "factory"),
    ],
)
def test_comparable_name_strips_what_does_not_tell_places_apart(name, communes, expected):
    assert comparable_name(name, communes) == expected


@pytest.mark.parametrize(
    ("name", "communes", "expected"),
    [
        ("Le Tiers-Lieu", (), "tiers lieu"),
        ("Nantes", ("Nantes",), "nantes"),
        ("La SCOP", (), "scop"),
        ("", (), ""),
        ("—", (), ""),
    ],
)
def test_comparable_name_is_never_empty_when_the_name_had_words(name, communes, expected):
    assert comparable_name(name, communes) == expected


@pytest.mark.parametrize(
    ("row_name", "place_name", "where"),
    [
        ("Dot Parade", "Dot Parade Nantes", NANTES),
        ("1624 COWORKIN'LILLE", "1624 Cowork'in Lille", LILLE),
        ("Le WIP", "WIP - tiers-lieu", CAEN),
        ("L’Atelier Normand", "atelier normand", CAEN),
        ("Espace Simone Veil", "Espace Simone Weil", CAEN),
        ("La Cantine Numérique Rennaise", "Cantine numérique de Rennes", RENNES),
        ("Café associatif Le Bocal", "Le Bocal", CAEN),
    ],
)
def test_same_place_under_another_name_in_the_same_commune(row_name, place_name, where):
    found = matches(candidate("row", row_name, **where), candidate(7, place_name, **where))
    assert [match.place_id for match in found] == [7]
    assert "même commune" in found[0].reasons
    assert found[0].score >= 90


@pytest.mark.parametrize(
    ("row_name", "place_name"),
    [
        ("Atelier du Bois", "Atelier du Port"),
        ("La Cantine", "La Cantine Numérique"),
        ("Pépinière d'entreprises Nord", "Pépinière d'entreprises Sud"),
        ("Coworking du Port", "Atelier du Port"),
        ("Le Hangar", "La Fabrique"),
    ],
)
def test_different_places_of_one_commune_are_not_duplicates(row_name, place_name):
    assert matches(candidate("row", row_name), candidate(7, place_name)) == []


def test_same_name_in_two_departments_is_not_compared():
    nantes = candidate(7, "La Cantine", **NANTES)
    assert matches(candidate("row", "La Cantine", **RENNES), nantes) == []
    # Even with no commune at all: the department blocks.
    row = candidate("row", "La Cantine", department_code="35")
    assert matches(row, nantes) == []


def test_rows_with_neither_commune_nor_department_are_compared_with_nobody():
    row = candidate("row", "Le WIP", commune_name="")
    assert row.department_code == row.commune_code == ""
    assert matches(row, candidate(7, "Le WIP")) == []


def test_department_comes_from_the_commune_code_when_missing():
    row = candidate("row", "Le WIP", commune_code="14118", commune_name="Caen")
    assert [match.place_id for match in matches(row, candidate(7, "Le WIP"))] == [7]


def test_commune_name_stands_in_for_a_missing_code():
    row = candidate("row", "Le WIP", department_code="14", commune_name="CAEN")
    found = matches(row, candidate(7, "WIP"))
    assert found[0].reasons == ("même nom", "même commune")


def test_communes_sharing_a_postcode_are_neighbours():
    row = candidate(
        "row", "Dot Parade", postcodes=("14760",), commune_code="14101", department_code="14"
    )
    place = candidate(
        7, "Dot Parade", postcodes=("14760",), commune_code="14576", department_code="14"
    )
    found = matches(row, place)
    assert "communes voisines (même code postal 14760)" in found[0].reasons


def test_points_within_five_kilometres_are_neighbours():
    caen = candidate(7, "Le Wip", latitude=49.1829, longitude=-0.3707)
    herouville = candidate(
        "row",
        "Le WIP",
        latitude=49.2036,
        longitude=-0.3283,
        commune_code="14327",
        department_code="14",
    )
    found = matches(herouville, caen)
    assert found[0].reasons[:2] == ("même nom", "communes voisines")
    assert found[0].reasons[2] == "à 3,9 km"
    bayeux = candidate("row", "Le WIP", latitude=49.2764, longitude=-0.7024, commune_code="14047")
    assert matches(bayeux, caen) == []


def test_near_points_sharing_a_word_are_duplicates_whatever_the_commune():
    place = candidate(7, "Les Ateliers de la Colline", latitude=49.1829, longitude=-0.3707)
    row = candidate(
        "row",
        "Colline numérique",
        latitude=49.1839,
        longitude=-0.3707,
        commune_code="14327",
        department_code="14",
    )
    [found] = matches(row, place)
    assert found.reasons == ("mot en commun : « colline »", "à 110 m")
    assert 70 <= found.score < 90


def test_near_points_with_the_same_website_are_duplicates():
    place = candidate(
        7, "Le Hangar", latitude=49.1829, longitude=-0.3707, website="https://www.hangar.fr/"
    )
    row = candidate("row", "La Fabrique", latitude=49.1830, longitude=-0.3707, website="hangar.fr")
    [found] = matches(row, place)
    assert "même site web (hangar.fr)" in found.reasons


def test_near_points_with_nothing_in_common_are_not_duplicates():
    place = candidate(
        7,
        "Atelier du Bois",
        latitude=49.1829,
        longitude=-0.3707,
        website="https://facebook.com/bois",
    )
    row = candidate(
        "row",
        "Atelier du Port",
        latitude=49.1830,
        longitude=-0.3707,
        website="https://www.facebook.com/port",
    )
    # "atelier" is too common to tell, and facebook.com hosts everyone.
    assert matches(row, place) == []
    far = candidate(
        "row", "Colline numérique", latitude=49.1869, longitude=-0.3707, commune_code="14327"
    )
    assert (
        matches(far, candidate(8, "Ateliers de la Colline", latitude=49.1829, longitude=-0.3707))
        == []
    )


def test_best_match_first_and_excluded_places_left_out():
    row = candidate("row", "Le WIP", latitude=49.1829, longitude=-0.3707)
    places = [
        candidate(1, "WIP Coworking", latitude=49.19, longitude=-0.3707),
        candidate(2, "Le Wip", latitude=49.1829, longitude=-0.3707),
        candidate(3, "Le Hangar", latitude=49.1829, longitude=-0.3707),
    ]
    finder = DuplicateFinder(places)
    assert [match.place_id for match in finder.matches(row)] == [2, 1]
    assert [match.place_id for match in finder.matches(row, exclude={2})] == [1]
    assert all(isinstance(match, Match) for match in finder.matches(row))


def test_dense_city_is_screened_without_losing_duplicates():
    rng = random.Random(3)
    places = [
        candidate(
            number,
            "".join(rng.choice(string.ascii_lowercase) for _ in range(10)),
            latitude=49.18 + rng.random() / 100,
            longitude=-0.37 + rng.random() / 100,
        )
        for number in range(200)
    ]
    places.append(candidate(999, "1624 Cowork'in", latitude=49.1, longitude=-0.3))
    finder = DuplicateFinder(places)
    assert [match.place_id for match in finder.matches(candidate("row", "1624 COWORKIN"))] == [999]
    typo = candidate("row", places[5].name[:-1] + "x")
    assert 5 in [match.place_id for match in finder.matches(typo)]


def test_three_thousand_rows_against_three_thousand_places_in_well_under_five_seconds():
    rng = random.Random(4)
    vocabulary = ["".join(rng.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(900)]
    departments = [f"{number:02d}" for number in range(1, 96) if number != 20]

    def make(key):
        department = rng.choice(departments)
        commune = f"{department}{rng.randint(1, 300):03d}"
        name = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 4)))
        return candidate(
            key,
            name,
            commune_code=commune,
            department_code=department,
            postcodes=(f"{department}{rng.randint(0, 99):03d}",),
            latitude=43 + rng.random() * 6,
            longitude=rng.random() * 6,
        )

    places = [make(number) for number in range(3000)]
    rows = [make(f"row{number}") for number in range(3000)]
    # Every tenth row is a place of the site under a noisier name.
    rows[::10] = [
        candidate(
            f"copy{place.key}",
            place.name.upper() + " (tiers-lieu)",
            commune_code=place.commune_code,
            department_code=place.department_code,
        )
        for place in places[::10]
    ]
    start = time.perf_counter()
    finder = DuplicateFinder(places)
    found = {row.key: finder.matches(row) for row in rows}
    elapsed = time.perf_counter() - start
    assert all(found[f"copy{place.key}"][0].place_id == place.key for place in places[::10])
    # About 0.3 s on an idle machine; comparing every row with every place would take minutes.
    assert elapsed < 15


@pytest.fixture
def lille(db):
    return Commune.objects.get(code="59350", kind=Commune.Kind.CURRENT)


def test_for_site_loads_places_in_one_query(django_assert_num_queries, lille):
    place = factories.place(name="1624 COWORKIN'LILLE", commune=lille)
    with django_assert_num_queries(1):
        finder = DuplicateFinder.for_site()
    row = candidate("row", "1624 Cowork'in Lille", **LILLE)
    assert [match.place_id for match in finder.matches(row)] == [place.pk]


def test_site_duplicates_lists_each_pair_once(lille):
    first = factories.place(name="1624 COWORKIN'LILLE", commune=lille)
    second = factories.draft_place(
        name="1624 Cowork'in Lille",
        commune=lille,
        latitude=Decimal("50.6330"),
        longitude=Decimal("3.0600"),
    )
    factories.place(name="Le Hangar", commune=lille)
    factories.place(name="1624 Cowork'in Lille", department=factories.department("14"))
    pairs = site_duplicates()
    assert [(a, b) for a, b, _match in pairs] == [(first.pk, second.pk)]
    assert pairs[0][2].place_id == second.pk
    assert pairs[0][2].reasons == ("même nom", "même commune")
    assert site_duplicates(limit=0) == []
    assert site_duplicates(Place.objects.filter(department__code="14")) == []
