import datetime

import pytest

from content.dates import DatePrecision, format_partial_date, iso_partial_date, truncate_date
from content.search import normalize, parse, words


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


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("L'Atelier NORMAND", ["atelier", "normand"]),
        ("l’atelier d’Hérouville", ["atelier", "herouville"]),
        ("jusqu'à Ille-et-Vilaine", ["a", "ille", "et", "vilaine"]),
        ("aujourd'hui", ["aujourd", "hui"]),
        ("Saint-Lô", ["saint", "lo"]),
    ],
)
def test_search_words_leave_out_case_accents_hyphens_and_elided_articles(query, expected):
    assert words(query) == expected


def test_a_query_without_words_searches_nothing_and_keeps_ten_words():
    assert parse("  ’ -- ") is None
    assert parse("l'") is None
    terms = parse("L'atelier " + "mot " * 20)
    assert len(terms.words) == 10
    assert terms.typed.startswith("l atelier mot")


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
