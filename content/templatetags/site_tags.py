from django import template

from content.money import format_money, format_number, format_percent

register = template.Library()


@register.simple_tag
def select_options(bound_field):
    """(value, label, selected) for a select, in one query and without per-option templates."""
    current = bound_field.value()
    current = "" if current is None else str(current)
    return [
        (str(value), label, str(value) == current) for value, label in bound_field.field.choices
    ]


@register.filter
def money(amount, style="short"):
    """`{{ amount|money }}` → `130 M€`; `{{ amount|money:"full" }}` → `130 000 000 €`."""
    return format_money(amount, style)


@register.filter
def percent(ratio):
    return format_percent(ratio)


@register.filter
def number(value):
    """`2500` → `2 500` with a non-breaking space, whatever the locale settings."""
    if value is None or value == "":
        return ""
    return format_number(value)
