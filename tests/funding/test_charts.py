"""The charts as a phone draws them: text never below 12 px, labels that fit a 320 px screen."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from funding import charts
from funding.models import Indicator
from tests import factories

pytestmark = pytest.mark.django_db
M = 1_000_000
SVG = "{http://www.w3.org/2000/svg}"
LONG_LINES = [
    ("Manufactures de proximité", 30 * M),
    ("Formation professionnelle dans les tiers-lieux", 50 * M),
    ("Missions de service civique dans les tiers-lieux", 20 * M),
    ("Renforcement du maillage national et territorial", 4 * M),
]


def drawings(response):
    """Each chart of the page as parsed SVG: (classes, root element)."""
    found = []
    for markup in re.findall(r"<svg .*?</svg>", response.content.decode(), re.S):
        markup = markup.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
        root = ET.fromstring(markup)  # noqa: S314 - our own markup
        found.append((root.get("class", "").split(), root))
    return found


def phone_drawing(response):
    """The chart a phone shows: the one not reserved for wide screens."""
    (root,) = [root for classes, root in drawings(response) if "chart--wide" not in classes]
    return root


def displayed_font_sizes(root):
    """Font size of every text as displayed, in CSS pixels. Without a viewBox the SVG is not
    scaled, so its user units are pixels; with one it would shrink with the screen."""
    assert root.get("viewBox") is None
    sizes = []

    def walk(element, inherited):
        size = float(element.get("font-size", inherited))
        if element.tag in (f"{SVG}text", f"{SVG}tspan") and (element.text or "").strip():
            sizes.append(size)
        for child in element:
            walk(child, size)

    walk(root, 16)
    return sizes


def label_lines(root):
    return [
        tspan.text
        for text in root.iter(f"{SVG}text")
        if "chart__label" in text.get("class", "")
        for tspan in text.iter(f"{SVG}tspan")
    ]


def test_programme_chart_text_is_at_least_12_px_on_a_phone(client):
    programme = factories.programme(total_amount=130 * M, lines=LONG_LINES)
    root = phone_drawing(client.get(programme.get_absolute_url()))
    sizes = displayed_font_sizes(root)
    assert len(sizes) == 11  # seven label lines (three labels wrap) and four values
    assert min(sizes) >= 12


def test_long_labels_wrap_above_their_bar_to_fit_a_320_px_screen(client):
    programme = factories.programme(total_amount=130 * M, lines=LONG_LINES)
    root = phone_drawing(client.get(programme.get_absolute_url()))
    lines = label_lines(root)
    assert " ".join(lines[1:3]) == "Formation professionnelle dans les tiers-lieux"
    assert all(len(line) <= charts.LABEL_CHARS for line in lines)
    # Bars and values stay inside the chart: the longest bar leaves room for its value.
    widths = [float(rect.get("width").rstrip("%")) for rect in root.iter(f"{SVG}rect")]
    assert max(widths) == charts.BAR_SHARE < 100


def test_figures_chart_is_bars_on_phones_and_columns_on_wide_screens(client):
    for year, value, kind in [(2018, 1800, "observed"), (2022, 3500, "target")]:
        Indicator.objects.create(measure="Tiers-lieux en France", year=year, value=value, kind=kind)
    response = client.get(reverse("figures"))
    found = {tuple(classes): root for classes, root in drawings(response)}
    assert set(found) == {
        ("chart", "chart--bars", "chart--phone"),
        ("chart", "chart--columns", "chart--wide"),
    }
    for root in found.values():
        assert min(displayed_font_sizes(root)) >= 12
        assert root.find(f"{SVG}title").text == "Tiers-lieux en France"
    assert label_lines(phone_drawing(response)) == ["2018", "2022 (objectif)"]


def test_a_long_series_is_only_drawn_as_bars(client):
    for year in range(2010, 2010 + charts.MAX_COLUMNS + 1):
        Indicator.objects.create(measure="Tiers-lieux en France", year=year, value=year)
    ((classes, root),) = drawings(client.get(reverse("figures")))
    assert classes == ["chart", "chart--bars"]
    assert min(displayed_font_sizes(root)) >= 12


def test_geometry_without_items_or_values():
    assert charts.horizontal_bars([]).height == 0
    (bar,) = charts.horizontal_bars([("Rien", 0, "0 €")]).bars
    assert bar.width == 0
    assert [
        len(bar.label_lines) for bar in charts.columns([("2022 (objectif)", 1, "1", True)]).bars
    ] == [2]
