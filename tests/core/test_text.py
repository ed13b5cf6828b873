import datetime

import pytest

from content.dates import DatePrecision, format_partial_date, iso_partial_date, truncate_date
from content.search import normalize, search_condition


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'Atelier NORMAND", "l atelier normand"),
        ("Créé à Colombelles", "cree a colombelles"),
        ("Œuvre  –  Île-de-France", "oeuvre ile de france"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_drops_case_accents_and_punctuation(text, expected):
    assert normalize(text) == expected


def test_search_condition_needs_every_word_and_ignores_empty_queries():
    assert search_condition("  ’ -- ") is None
    condition = search_condition("Atelier Normand")
    assert ("search_text__contains", "atelier") in condition.children
    assert ("search_text__contains", "normand") in condition.children


@pytest.mark.parametrize(
    ("precision", "shown", "iso"),
    [
        (DatePrecision.DAY, "12 août 2021", "2021-08-12"),
        (DatePrecision.MONTH, "août 2021", "2021-08"),
        (DatePrecision.YEAR, "2021", "2021"),
    ],
)
def test_partial_dates_never_show_more_than_is_known(precision, shown, iso):
    day = datetime.date(2021, 8, 12)
    assert format_partial_date(day, precision) == shown
    assert iso_partial_date(day, precision) == iso


def test_first_of_the_month_is_written_1er():
    assert format_partial_date(datetime.date(2021, 8, 1), DatePrecision.DAY) == "1er août 2021"


def test_truncate_date_keeps_the_start_of_the_period():
    day = datetime.date(2021, 8, 12)
    assert truncate_date(day, DatePrecision.MONTH) == datetime.date(2021, 8, 1)
    assert truncate_date(day, DatePrecision.YEAR) == datetime.date(2021, 1, 1)
    assert truncate_date(day, DatePrecision.DAY) == day
    assert truncate_date(None, DatePrecision.DAY) is None
