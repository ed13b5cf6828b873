"""Euros written the French way, by one function every page and export goes through.

`130 M€` and `1,5 M€` in prose, `130 000 000 €` in full in tables, `75 000 €` below a million;
non-breaking spaces so a figure never wraps in the middle.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
MILLION = Decimal(1_000_000)


def _group(digits):
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NBSP.join(groups)


def format_number(value, max_decimals=2):
    """`1234567.5` → `1 234 567,5`: grouped thousands, decimal comma, no trailing zeros."""
    value = Decimal(value)
    quantum = Decimal(1).scaleb(-max_decimals)
    value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    integer, _dot, fraction = f"{abs(value):f}".partition(".")
    fraction = fraction.rstrip("0")
    return f"{sign}{_group(integer)}{',' + fraction if fraction else ''}"


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
    integer, _comma, fraction = format_number(cents).partition(",")
    return f"{integer},{fraction.ljust(2, '0')}{NBSP}€"


def format_percent(ratio, max_decimals=1):
    """`0.2307…` → `23,1 %`."""
    if ratio is None:
        return ""
    return f"{format_number(Decimal(ratio) * 100, max_decimals)}{NBSP}%"
