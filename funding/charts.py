"""Bar charts computed on the server and drawn as inline SVG by the templates.

No JavaScript library: the geometry is plain arithmetic here, and each chart sits next to a
table that carries the same figures for screen readers and for copying.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    highlighted: bool = False


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list
    baseline: float = 0


def _scale(value, maximum, length):
    if not maximum:
        return 0.0
    return round(float(Decimal(value) / Decimal(maximum)) * length, 1)


def horizontal_bars(items, width=640, bar_height=22, label_height=20, gap=14, value_room=110):
    """items: (label, value, value_text). Each label sits above its bar, the value after it."""
    maximum = max((value for _label, value, _text in items), default=0)
    row = label_height + bar_height + gap
    length = width - value_room
    bars = []
    for index, (label, value, text) in enumerate(items):
        top = index * row
        bar_width = _scale(value, maximum, length)
        bars.append(
            Bar(
                label=label,
                value_text=text,
                x=0,
                y=top + label_height,
                width=bar_width,
                height=bar_height,
                label_x=0,
                label_y=top + label_height - 6,
                value_x=bar_width + 8,
                value_y=top + label_height + bar_height - 6,
            )
        )
    return Chart(width=width, height=max(row * len(items) - gap, 0), bars=bars)


def columns(items, width=640, height=300, gap=28, top_room=28, bottom_room=40):
    """items: (label, value, value_text, highlighted). Vertical bars from a common baseline."""
    maximum = max((value for _label, value, _text, _flag in items), default=0)
    count = len(items) or 1
    column_width = (width - gap * (count + 1)) / count
    usable = height - top_room - bottom_room
    baseline = height - bottom_room
    bars = []
    for index, (label, value, text, highlighted) in enumerate(items):
        bar_height = _scale(value, maximum, usable)
        x = round(gap + index * (column_width + gap), 1)
        bars.append(
            Bar(
                label=label,
                value_text=text,
                x=x,
                y=round(baseline - bar_height, 1),
                width=round(column_width, 1),
                height=bar_height,
                label_x=round(x + column_width / 2, 1),
                label_y=baseline + 24,
                value_x=round(x + column_width / 2, 1),
                value_y=round(baseline - bar_height - 8, 1),
                highlighted=highlighted,
            )
        )
    return Chart(width=width, height=height, bars=bars, baseline=baseline)
