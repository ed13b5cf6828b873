"""Euros written the French way, by one function every page and export goes through.

`130 M€` and `1,5 M€` in prose, `130 000 000 €` in full in tables, `75 000 €` below a million;
non-breaking spaces so a figure never wraps in the middle.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import numberformat

NBSP = "\u00a0"
MILLION = Decimal(1_000_000)


def _french(value, decimals=None):
    """Django's number formatting with French separators, given here rather than read from
    the active language so that admin, exports and pages agree whatever the locale."""
    return numberformat.format(
        value, ",", decimal_pos=decimals, grouping=3, thousand_sep=NBSP, force_grouping=True
    )


def format_number(value, max_decimals=2):
    """`1234567.5` → `1 234 567,5`: grouped thousands, decimal comma, no trailing zeros."""
    quantum = Decimal(1).scaleb(-max_decimals)
    # Django's formatting cuts extra decimals instead of rounding them, and keeps trailing
    # zeros: round half up here, drop the zeros, and write -0 as 0.
    value = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP).normalize() or Decimal(0)
    return _french(value)


def format_money(amount, style="short"):
    """`short`: millions as `M€` (up to two decimals); `full`: every euro, cents if any."""
    if amount is None or amount == "":
        return ""
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if style == "short" and abs(amount) >= MILLION:
        return f"{format_number(amount / MILLION)}{NBSP}M€"
    if amount == amount.to_integral_value():
        return f"{format_number(amount, 0)}{NBSP}€"
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{_french(cents, 2)}{NBSP}€"


def format_percent(ratio, max_decimals=1):
    """`0.2307…` → `23,1 %`."""
    if ratio is None:
        return ""
    return f"{format_number(Decimal(ratio) * 100, max_decimals)}{NBSP}%"
