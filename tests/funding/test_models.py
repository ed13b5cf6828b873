from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from funding.models import Indicator, ProgrammeFunding, ProgrammeLine
from tests import factories

pytestmark = pytest.mark.django_db
M = 1_000_000


def demo_like():
    relance = factories.funder(name="France Relance", slug="france-relance")
    return factories.programme(
        total_amount=130 * M,
        lines=[("A", 30 * M), ("B", 50 * M), ("C", 20 * M), ("D", 15 * M), ("E", 4 * M)],
        fundings=[(relance, 75 * M)],
    )


def test_lines_that_fall_short_leave_an_unallocated_rest():
    programme = demo_like()
    assert programme.lines_total == 119 * M
    assert programme.unallocated == 11 * M
    assert not programme.lines_exceed_total
    assert programme.overshoot == 0
    assert programme.attributed_total == 75 * M
    assert programme.unattributed == 55 * M
    assert programme.fundings.get().share == Decimal(75) / Decimal(130)
    assert programme.lines.get(name="B").share == Decimal(50) / Decimal(130)


def test_lines_above_the_total_show_the_overshoot():
    programme = factories.programme(total_amount=10 * M, lines=[("A", 8 * M), ("B", 5 * M)])
    assert programme.unallocated == -3 * M
    assert programme.lines_exceed_total
    assert programme.overshoot == 3 * M


def test_a_programme_with_no_lines_has_its_whole_total_unallocated():
    programme = factories.programme(total_amount=5 * M)
    assert programme.lines_total == 0
    assert programme.unallocated == 5 * M
    assert programme.unattributed == 5 * M
    assert programme.lines_share == 0


def test_a_programme_with_no_announced_total_computes_no_rest():
    programme = factories.programme(total_amount=None, lines=[("A", 2 * M)])
    assert programme.lines_total == 2 * M
    assert programme.unallocated is None
    assert programme.unattributed is None
    assert programme.lines.get().share is None
    assert not programme.lines_exceed_total


def test_exact_lines_leave_nothing():
    programme = factories.programme(total_amount=3 * M, lines=[("A", 1 * M), ("B", 2 * M)])
    assert programme.unallocated == 0
    assert not programme.lines_exceed_total


def test_funders_above_the_total_are_reported():
    programme = factories.programme(total_amount=1 * M, fundings=[(factories.funder(), 2 * M)])
    assert programme.funders_overshoot == 1 * M


def test_announcement_known_to_the_month_is_stored_as_the_month():
    programme = factories.programme(announced_on="2021-08-27", announced_on_precision="month")
    programme.refresh_from_db()
    assert str(programme.announced_on) == "2021-08-01"
    assert str(programme.announced) == "août 2021"
    assert programme.announced.iso == "2021-08"


@pytest.mark.parametrize(
    "create",
    [
        lambda p, f: ProgrammeLine.objects.create(programme=p, name="X", amount=-1, order=9),
        lambda p, f: ProgrammeLine.objects.create(programme=p, name="X", amount=1, order=1),
        lambda p, f: ProgrammeFunding.objects.create(programme=p, funder=f, amount=1),
        lambda p, f: ProgrammeFunding.objects.create(
            programme=p, funder=factories.funder(), amount=-5
        ),
        lambda p, f: factories.programme(total_amount=-1),
        lambda p, f: ProgrammeLine.objects.create(
            programme=p, name="X", amount=1, order=7, target_quantity=3000
        ),
        lambda p, f: (
            Indicator.objects.create(measure="M", year=2021, value=1, kind="observed")
            and Indicator.objects.create(measure="M", year=2021, value=2, kind="observed")
        ),
    ],
    ids=[
        "negative-line",
        "same-order-twice",
        "same-funder-twice",
        "negative-funding",
        "negative-total",
        "target-without-unit",
        "two-values-one-year",
    ],
)
def test_database_refuses_impossible_figures(create):
    funder = factories.funder()
    programme = factories.programme(lines=[("A", 1)], fundings=[(funder, 1)])
    with pytest.raises(IntegrityError), transaction.atomic():
        create(programme, funder)


def test_line_clean_asks_for_the_unit_of_a_target_in_french():
    line = ProgrammeLine(
        programme=factories.programme(), name="Service civique", amount=20 * M, target_quantity=3000
    )
    with pytest.raises(ValidationError, match="Précisez ce que l'objectif compte"):
        line.full_clean()


def test_awards_protect_the_places_and_lines_they_fund():
    programme = factories.programme(lines=[("A", 1 * M)])
    line = programme.lines.get()
    place = factories.place()
    factories.award(line, place)
    with pytest.raises(ProtectedError):
        place.delete()
    with pytest.raises(ProtectedError):
        line.delete()


def test_headline_gives_the_latest_observation_and_the_target():
    for year, value, kind in [
        (2018, 1800, "observed"),
        (2021, 2500, "observed"),
        (2022, 3500, "target"),
    ]:
        Indicator.objects.create(measure="Tiers-lieux en France", year=year, value=value, kind=kind)
    headline = Indicator.headline(list(Indicator.objects.series("Tiers-lieux en France")))
    assert (headline["latest"].year, headline["latest"].value) == (2021, 2500)
    assert (headline["target"].year, headline["target"].value) == (2022, 3500)
    assert Indicator.headline([]) == {"latest": None, "target": None}
