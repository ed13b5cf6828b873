from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from content.money import format_money, format_number, format_percent

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "short", "full"),
    [
        (0, "0 €", "0 €"),
        (999, "999 €", "999 €"),
        (1000, "1 000 €", "1 000 €"),
        (75000, "75 000 €", "75 000 €"),
        (999_999, "999 999 €", "999 999 €"),
        (1_000_000, "1 M€", "1 000 000 €"),
        (1_500_000, "1,5 M€", "1 500 000 €"),
        (1_250_000, "1,25 M€", "1 250 000 €"),
        (130_000_000, "130 M€", "130 000 000 €"),
        (1_200_000_000, "1 200 M€", "1 200 000 000 €"),
        (Decimal("999.5"), "999,50 €", "999,50 €"),
        (Decimal("1234.567"), "1 234,57 €", "1 234,57 €"),
        (Decimal("0.05"), "0,05 €", "0,05 €"),
        (Decimal("-11000000"), "-11 M€", "-11 000 000 €"),
    ],
)
def test_money_is_written_the_french_way_with_non_breaking_spaces(amount, short, full):
    assert format_money(amount) == short.replace(" ", NBSP)
    assert format_money(amount, "full") == full.replace(" ", NBSP)


@pytest.mark.parametrize("nothing", [None, "", "pas un nombre"])
def test_money_of_nothing_is_empty(nothing):
    assert format_money(nothing) == ""


def test_template_filters_use_the_same_rules():
    rendered = Template(
        '{% load site_tags %}{{ a|money }}|{{ a|money:"full" }}|{{ r|percent }}|{{ n|number }}'
    ).render(Context({"a": Decimal("130000000"), "r": Decimal(30) / Decimal(130), "n": 2500}))
    assert rendered == "130 M€|130 000 000 €|23,1 %|2 500".replace(" ", NBSP)


def test_percent_of_nothing_is_empty():
    assert format_percent(None) == ""


@pytest.mark.parametrize(
    ("value", "max_decimals", "written"),
    [
        (Decimal("1234567.5"), 2, "1 234 567,5"),
        (Decimal("1.50"), 2, "1,5"),
        (Decimal("2.675"), 2, "2,68"),
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("-0.001"), 2, "0"),
        (Decimal("1E+6"), 2, "1 000 000"),
        (2500, 2, "2 500"),
    ],
)
def test_numbers_round_half_up_and_drop_trailing_zeros(value, max_decimals, written):
    assert format_number(value, max_decimals) == written.replace(" ", NBSP)


def test_negative_cents_keep_their_sign():
    assert format_money(Decimal("-1234.5"), "full") == "-1 234,50 €".replace(" ", NBSP)


def test_figures_are_french_whatever_the_active_language():
    with translation.override("en"):
        assert format_money(Decimal("1500000")) == "1,5 M€".replace(" ", NBSP)
        assert format_percent(Decimal("0.5")) == "50 %".replace(" ", NBSP)
