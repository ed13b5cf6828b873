"""What keeps pages within a phone's width and readable: tables that scroll in their own named
box, and numbers written the same way everywhere (« 1 512 » with a non-breaking space)."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from funding.models import Indicator
from places.models import Place
from tests import factories

pytestmark = pytest.mark.django_db
M = 1_000_000
NBSP = "\u00a0"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class TableBoxes(HTMLParser):
    """For each table of a page, the attributes of the scroll box around it (None if none)."""

    def __init__(self):
        super().__init__()
        self.open = []
        self.boxes = []
        self.ids = {}
        self._id_text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            around = [a for t, a in self.open if "table-scroll" in (a.get("class") or "").split()]
            self.boxes.append(around[-1] if around else None)
        if tag not in VOID:
            self.open.append((tag, attrs))
            if attrs.get("id"):
                self._id_text.append([attrs["id"], len(self.open), ""])

    def handle_endtag(self, tag):
        while self.open and self.open[-1][0] != tag:
            self.open.pop()
        if self.open:
            depth = len(self.open)
            self.open.pop()
            while self._id_text and self._id_text[-1][1] == depth:
                name, _depth, text = self._id_text.pop()
                self.ids[name] = " ".join(text.split())

    def handle_data(self, data):
        for entry in self._id_text:
            entry[2] += data


def table_boxes(response):
    parser = TableBoxes()
    parser.feed(response.content.decode())
    return parser


def assert_tables_scroll_in_named_regions(response, tables):
    page = table_boxes(response)
    assert len(page.boxes) == tables
    for box in page.boxes:
        assert box is not None, "un tableau sans boîte de défilement"
        assert box["role"] == "region" and box["tabindex"] == "0"
        assert page.ids[box["aria-labelledby"]], "la région n'a pas de nom"


def test_programme_tables_scroll_in_named_regions(client):
    programme = factories.programme(
        total_amount=130 * M,
        lines=[("Manufactures", 30 * M)],
        fundings=[(factories.funder(), 75 * M)],
    )
    factories.award(programme.lines.get(), factories.place())
    # Funders, lines, places funded.
    assert_tables_scroll_in_named_regions(client.get(programme.get_absolute_url()), 3)


def test_list_figures_and_place_tables_scroll_in_named_regions(client):
    programme = factories.programme(lines=[("Manufactures", 30 * M)])
    place = factories.place()
    factories.award(programme.lines.get(), place)
    Indicator.objects.create(measure="Tiers-lieux en France", year=2021, value=2500)
    assert_tables_scroll_in_named_regions(client.get(reverse("funding:list")), 1)
    assert_tables_scroll_in_named_regions(client.get(reverse("figures")), 1)
    assert_tables_scroll_in_named_regions(client.get(place.get_absolute_url()), 1)


def text(response):
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(without_tags))


def test_counts_are_grouped_by_thousands_and_years_are_not(client):
    department = factories.department("14")
    Place.objects.bulk_create(
        Place(
            name=f"Lieu {number:04d}",
            slug=f"lieu-{number:04d}",
            department=department,
            status="published",
            published_at=factories.past(),
        )
        for number in range(1_000)
    )
    place = factories.place(year_opened=2021, surface_m2=1200)
    home = text(client.get(reverse("home")))
    assert f"1{NBSP}001 lieux présentés" in home
    places = client.get(reverse("places:list"))
    assert f"1{NBSP}001 lieux" in text(places)
    assert re.search(r"<span class=\"visually-hidden\">Page</span> 51</a>", places.content.decode())
    detail = text(client.get(place.get_absolute_url()))
    assert f"1{NBSP}200 m²" in detail
    assert "2021" in detail and f"2{NBSP}021" not in detail
