"""Bar charts computed on the server and drawn as inline SVG by the templates.

No JavaScript library: the geometry is plain arithmetic here, and each chart sits next to a
table that carries the same figures for screen readers and for copying.

Horizontal positions are percentages of the chart's box and vertical ones CSS pixels, with no
viewBox: the SVG is never scaled down, so its text is FONT_SIZE pixels on a 320 px phone as on
a desktop (a 640-unit viewBox squeezed into a phone drew 7 px labels), and the bars stretch to
whatever width the page gives them.
"""

import textwrap
from dataclasses import dataclass
from decimal import Decimal

FONT_SIZE = 14
LINE_HEIGHT = 18
# About 240 px of 14 px text in a wide system font: a label fits the 288 px that a 320 px phone
# leaves for the chart, so it is never cut off by the edge of the SVG.
LABEL_CHARS = 30
# The longest bar takes this share of the width; the rest is room for its value written after
# it (« 150 000 € » is about 75 px, a quarter of the chart on a 320 px phone).
BAR_SHARE = 70
# Beyond this many columns the labels of a column chart collide even on a desktop: such a
# series is only drawn as horizontal bars.
MAX_COLUMNS = 6


@dataclass(frozen=True)
class Bar:
    """x, width, label_x and value_x are percentages of the chart's width; the rest pixels."""

    label_lines: list  # (y, text) for each line of the label
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    value_x: float
    value_y: float
    highlighted: bool = False


@dataclass(frozen=True)
class Chart:
    height: int
    bars: list
    baseline: float = 0
    font_size: int = FONT_SIZE

    @property
    def has_highlights(self):
        return any(bar.highlighted for bar in self.bars)


def _scale(value, maximum, length):
    if not maximum:
        return 0.0
    return round(float(Decimal(value) / Decimal(maximum)) * length, 1)


def _wrap(label, width):
    return textwrap.wrap(str(label), width) or [""]


def horizontal_bars(items, bar_height=22, gap=16):
    """items: (label, value, value_text[, highlighted]). Each label sits above its bar, on as
    many lines as it needs, and the value after the bar: nothing is beside the label, so the
    bar and its label both have the full width of a phone."""
    maximum = max((item[1] for item in items), default=0)
    bars = []
    top = 0
    for label, value, text, *flag in items:
        lines = _wrap(label, LABEL_CHARS)
        bar_y = top + len(lines) * LINE_HEIGHT + 6
        bar_width = _scale(value, maximum, BAR_SHARE)
        bars.append(
            Bar(
                label_lines=[
                    (top + FONT_SIZE + index * LINE_HEIGHT, line)
                    for index, line in enumerate(lines)
                ],
                value_text=text,
                x=0,
                y=bar_y,
                width=bar_width,
                height=bar_height,
                label_x=0,
                value_x=bar_width,
                value_y=bar_y + (bar_height + FONT_SIZE) // 2 - 1,
                highlighted=bool(flag and flag[0]),
            )
        )
        top = bar_y + bar_height + gap
    return Chart(height=max(top - gap, 0), bars=bars)


def columns(items, height=300, gap=4, top_room=28, label_chars=10):
    """items: (label, value, value_text, highlighted). Vertical bars from a common baseline,
    for wide screens: labels wrap under their column (« 2022 » over « (objectif) »)."""
    maximum = max((value for _label, value, _text, _flag in items), default=0)
    count = len(items) or 1
    column_width = (100 - gap * (count + 1)) / count
    label_rows = max((len(_wrap(item[0], label_chars)) for item in items), default=1)
    baseline = height - label_rows * LINE_HEIGHT - 10
    usable = baseline - top_room
    bars = []
    for index, (label, value, text, highlighted) in enumerate(items):
        bar_height = _scale(value, maximum, usable)
        x = round(gap + index * (column_width + gap), 1)
        middle = round(x + column_width / 2, 1)
        bars.append(
            Bar(
                label_lines=[
                    (baseline + LINE_HEIGHT + row * LINE_HEIGHT, line)
                    for row, line in enumerate(_wrap(label, label_chars))
                ],
                value_text=text,
                x=x,
                y=round(baseline - bar_height, 1),
                width=round(column_width, 1),
                height=bar_height,
                label_x=middle,
                value_x=middle,
                value_y=round(baseline - bar_height - 8, 1),
                highlighted=highlighted,
            )
        )
    return Chart(height=height, bars=bars, baseline=baseline)
