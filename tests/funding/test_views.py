import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from funding.models import Indicator
from tests import factories

pytestmark = pytest.mark.django_db
LIST_URL = reverse("funding:list")
M = 1_000_000
NBSP = "\u00a0"
SERIES = [(2018, 1800, "observed"), (2021, 2500, "observed"), (2022, 3500, "target")]


def text(response):
    """The page as a visitor reads it: no tags, entities decoded, spaces collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(without_tags).replace(NBSP, " "))


@pytest.fixture
def programmes():
    relance = factories.funder(name="France Relance", slug="france-relance")
    region = factories.funder(name="Région Normandie", slug="region-normandie")
    envelope = factories.programme(
        name="Enveloppe tiers-lieux",
        total_amount=130 * M,
        lines=[("Manufactures", 30 * M), ("Formation", 50 * M)],
        fundings=[(relance, 75 * M)],
    )
    regional = factories.programme(
        name="Fabriques régionales",
        announced_on="2023-03-14",
        announced_on_precision="day",
        total_amount=2 * M,
        fundings=[(region, 2 * M)],
    )
    factories.programme(name="Plan en préparation", status="draft", published_at=None)
    return {"envelope": envelope, "regional": regional}


def names(response):
    return [programme.name for programme in response.context_data["programmes"]]


def test_list_shows_published_programmes_with_amounts_and_line_counts(client, programmes):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert names(response) == ["Fabriques régionales", "Enveloppe tiers-lieux"]
    page = text(response)
    assert "2 programmes" in page
    assert "130 000 000 €" in page
    assert "80 000 000 €" in page
    assert "France Relance (75 M€)" in page
    assertNotContains(response, "Plan en préparation")
    envelope = next(p for p in response.context_data["programmes"] if p.name.startswith("Env"))
    assert envelope.line_count == 2


def test_list_filters_by_funder_year_and_text(client, programmes):
    assert names(client.get(LIST_URL, {"financeur": "france-relance"})) == ["Enveloppe tiers-lieux"]
    assert names(client.get(LIST_URL, {"annee": "2023"})) == ["Fabriques régionales"]
    assert names(client.get(LIST_URL, {"q": "ENVELOPPE"})) == ["Enveloppe tiers-lieux"]
    assert names(client.get(LIST_URL, {"q": "regionales"})) == ["Fabriques régionales"]


def test_list_sums_lines_correctly_when_filtered_by_funder(client):
    funders = [factories.funder(), factories.funder()]
    factories.programme(
        lines=[("A", 1 * M), ("B", 2 * M)], fundings=[(funders[0], 1), (funders[1], 1)]
    )
    response = client.get(LIST_URL, {"financeur": funders[0].slug})
    (programme,) = response.context_data["programmes"]
    assert (programme.line_count, programme.lines_sum) == (2, 3 * M)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"financeur": "inconnu"}, 400),
        ({"annee": "1789"}, 400),
        ({"annee": "abc"}, 400),
        ({"q": "x" * 5000}, 400),
        ({"page": "50"}, 404),
    ],
)
def test_list_answers_nonsense_without_a_500(client, programmes, params, status):
    assert client.get(LIST_URL, params).status_code == status


def test_detail_states_the_arithmetic_in_plain_french(client, programmes):
    envelope = programmes["envelope"]
    place = factories.place(name="Atelier soutenu")
    factories.award(envelope.lines.get(name="Manufactures"), place, amount=150_000)
    response = client.get(envelope.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    for expected in [
        "130 M€",
        "France Relance",
        "75 000 000 €",
        "57,7 %",
        "Sans financeur précisé dans l'annonce",
        "55 000 000 €",
        "Manufactures",
        "30 000 000 €",
        "23,1 %",
        "Non réparti dans l'annonce",
        "50 M€ des 130 M€ annoncés ne sont pas détaillés dans l'annonce",
        "Atelier soutenu",
        "150 000 €",
        "août 2021",
    ]:
        assert expected in page, expected
    assertContains(response, '<svg class="chart')
    assertContains(response, '<title id="graphique-lignes-titre">')
    assertContains(response, place.get_absolute_url())


def test_detail_shows_an_overshoot_when_lines_exceed_the_total(client):
    programme = factories.programme(total_amount=10 * M, lines=[("A", 8 * M), ("B", 5 * M)])
    page = text(client.get(programme.get_absolute_url()))
    assert "Les lignes dépassent le total annoncé." in page
    assert "3 M€ de plus que les 10 M€ annoncés" in page
    assert "Dépassement du total annoncé" in page


def test_detail_of_a_programme_without_lines_says_so(client):
    programme = factories.programme(total_amount=4 * M)
    page = text(client.get(programme.get_absolute_url()))
    assert (
        "Aucune ligne budgétaire n'est détaillée : les 4 M€ annoncés ne sont pas répartis." in page
    )
    assert "<svg" not in page


def test_awards_to_unpublished_places_stay_hidden(client):
    programme = factories.programme(lines=[("A", 1 * M)])
    factories.award(programme.lines.get(), factories.draft_place(name="Lieu caché"))
    assertNotContains(client.get(programme.get_absolute_url()), "Lieu caché")


def test_place_page_lists_its_awards_from_published_programmes(client):
    place = factories.place()
    live = factories.programme(name="Programme public", lines=[("Ligne publique", 1 * M)])
    hidden = factories.programme(
        name="Programme brouillon", status="draft", published_at=None, lines=[("L", 1 * M)]
    )
    factories.award(live.lines.get(), place, amount=20_000, year=2022, round="2e vague")
    factories.award(hidden.lines.get(), place)
    response = client.get(place.get_absolute_url())
    page = text(response)
    assert "Financements reçus" in page
    assert "Programme public" in page and "Ligne publique" in page and "2e vague" in page
    assert "20 000 €" in page
    assert "Programme brouillon" not in page
    assertContains(response, live.get_absolute_url())


def test_drafts_are_404_for_the_public_and_previewable_by_editors(client, editor):
    draft = factories.programme(name="Plan secret", status="draft", published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assertContains(response, "Plan secret")
    assertContains(response, "Brouillon")


def test_figures_page_shows_the_series_as_chart_and_table(client):
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.get(reverse("figures"))
    assert response.status_code == 200
    page = text(response)
    for expected in ["1 800", "2 500", "3 500", "objectif", "2018", "2021", "2022"]:
        assert expected in page
    assertContains(response, '<svg class="chart')
    assertContains(response, "Le 1er ministre a visité 2 espaces de travail partagés")


def test_figures_page_without_data_says_so(client):
    assertContains(client.get(reverse("figures")), "Aucun chiffre n'est encore enregistré.")


def test_home_shows_the_latest_figure_and_the_target(client):
    for year, value, kind in [
        (2018, 1800, "observed"),
        (2021, 2500, "observed"),
        (2022, 3500, "target"),
    ]:
        Indicator.objects.create(measure="Tiers-lieux en France", year=year, value=value, kind=kind)
    page = text(client.get(reverse("home")))
    assert "2 500 tiers-lieux en France en 2021" in page
    assert "3 500 visés par l'objectif pour 2022" in page


@pytest.mark.parametrize("rows", [2, 25])
def test_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    # Pinned to prevent N+1 queries: 1. the page with its line sums and the number of
    # programmes (a subquery); 2. the fundings and funders of the page; 3. the funder options;
    # 4. the year options.
    funder = factories.funder()
    for _number in range(rows):
        factories.programme(lines=[("A", 1), ("B", 2)], fundings=[(funder, 1)])
    with django_assert_num_queries(4):
        assert client.get(LIST_URL).status_code == 200


@pytest.mark.parametrize("rows", [1, 10])
def test_detail_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    # Pinned to prevent N+1 queries: programme, fundings, lines, sources, awards, visits.
    programme = factories.programme(
        lines=[(f"Ligne {n}", n) for n in range(rows)],
        fundings=[(factories.funder(), 1) for _n in range(rows)],
        sources=[factories.source()],
    )
    for line in programme.lines.all():
        factories.award(line, factories.place())
    with django_assert_num_queries(6):
        assert client.get(programme.get_absolute_url()).status_code == 200


def test_figures_query_count_is_flat(client, django_assert_num_queries):
    for year in range(2000, 2020):
        Indicator.objects.create(
            measure="Tiers-lieux en France", year=year, value=year, source=factories.source()
        )
    with django_assert_num_queries(1):
        assert client.get(reverse("figures")).status_code == 200


def test_chart_geometry_is_written_with_dots_whatever_the_locale(client):
    # French localisation writes 316,5 — which SVG reads as two numbers.
    programme = factories.programme(lines=[("A", 3 * M), ("B", 7 * M)])
    svg = re.search(
        r"<svg class=\"chart[^\"]*\".*?</svg>",
        client.get(programme.get_absolute_url()).content.decode(),
        re.S,
    ).group(0)
    # Widths are percentages of the chart's width.
    widths = re.findall(r'<rect x="[^"]*" y="[^"]*" width="([^"]*)%"', svg)
    assert len(widths) == 2
    assert all(float(width) > 0 for width in widths)
    assert float(widths[1]) > float(widths[0])


def test_targets_are_drawn_differently_from_observations(client):
    for year, value, kind in SERIES:
        Indicator.objects.create(measure="Tiers-lieux en France", year=year, value=value, kind=kind)
    page = client.get(reverse("figures")).content.decode()
    # Two drawings of the series, bars for phones and columns for wide screens.
    drawings = re.findall(r"<svg class=\"chart.*?</svg>", page, re.S)
    assert len(drawings) == 2
    for svg in drawings:
        assert svg.count('class="chart__bar--target"') == 1
        assert svg.count('class="chart__bar"') == 2


def test_a_programme_lists_its_awards_by_pages_of_fifty(client, django_assert_num_queries):
    programme = factories.programme(lines=[("Ligne unique", 1 * M)])
    line = programme.lines.get()
    for number in range(1, 56):
        factories.award(line, factories.place(name=f"Lauréat {number:02d}"), year=2000 + number)
    url = programme.get_absolute_url()
    # Pinned as with fewer awards: the page's awards carry their count.
    with django_assert_num_queries(6):
        first = client.get(url)
    page = text(first)
    assert "Soutiens 1 à 50 sur 55." in page
    # Newest first: the five oldest awards are on the second page.
    assert "Lauréat 55" in page and "Lauréat 06" in page and "Lauréat 05" not in page
    assertContains(first, 'href="?page=2#laureats-titre"')
    second = text(client.get(url, {"page": 2}))
    assert "Soutiens 51 à 55 sur 55." in second
    assert "Lauréat 05" in second and "Lauréat 01" in second and "Lauréat 06" not in second
    for wrong in ("3", "0", "deux"):
        assert client.get(url, {"page": wrong}).status_code == 404


def test_a_programme_with_a_page_of_awards_or_none_shows_no_pagination(
    client, django_capture_on_commit_callbacks
):
    programme = factories.programme(lines=[("Ligne unique", 1 * M)])
    empty = text(client.get(programme.get_absolute_url()))
    assert "Lieux soutenus" not in empty
    with django_capture_on_commit_callbacks(execute=True):
        factories.award(programme.lines.get(), factories.place(name="Seul lauréat"))
    response = client.get(programme.get_absolute_url())
    assert "Seul lauréat" in text(response)
    assert "Soutiens 1" not in text(response)
    assertNotContains(response, 'aria-label="Pagination"')


def test_a_place_lists_its_awards_latest_year_first_undated_last(client):
    place = factories.place()
    alpha = factories.programme(name="Alpha", lines=[("Première", 1), ("Seconde", 1)])
    beta = factories.programme(name="Bêta", lines=[("Unique", 1)])
    first, second = alpha.lines.order_by("order")
    factories.award(beta.lines.get(), place, year=2021, round="r1")
    factories.award(second, place, year=2022, round="r2")
    factories.award(first, place, year=None, round="r3")
    factories.award(first, place, year=2022, round="r4")
    factories.award(first, place, year=2021, round="r5")
    page = client.get(place.get_absolute_url()).content.decode()
    # By year, then programme, then line: 2022 Alpha's first and second lines, 2021 Alpha
    # then Bêta, and the award without a year.
    assert re.findall(r"<td>(r\d)</td>", page) == ["r4", "r2", "r5", "r1", "r3"]
