import functools
from html import escape

from django import template
from django.core.paginator import Paginator
from django.utils.safestring import mark_safe

from content.money import format_money, format_number, format_percent

register = template.Library()


@register.simple_tag
def select_options(bound_field):
    """The `<option>` elements of a select, built here rather than by a template loop: a
    hundred departments cost the list page several milliseconds through the template engine.
    The options of the list filters come from the page cache (pagecache.choices): no query."""
    current = bound_field.value()
    current = "" if current is None else str(current)
    markup, positions = _option_markup(tuple(bound_field.field.widget.choices))
    position = positions.get(current)
    if position is not None:
        markup = list(markup)
        markup[position] = markup[position].replace(">", " selected>", 1)
    return mark_safe("\n".join(markup))  # noqa: S308 -- values and labels escaped


@functools.lru_cache(maxsize=64)
def _option_markup(choices):
    """The options' elements, none selected, and the position of each value. Kept per list of
    options, compared by content: a page drawn again with the same options (most pages, even
    without a page cache) escapes nothing, and a changed name makes a new entry."""
    markup, positions = [], {}
    for value, label in choices:
        value = str(value)
        positions.setdefault(value, len(markup))
        # The standard library's escape on plain strings: format_html_join's safe-string
        # machinery doubled the cost. Labels come from the database, never marked safe.
        markup.append(f'<option value="{escape(value)}">{escape(str(label))}</option>')
    return tuple(markup), positions


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


@register.simple_tag
def page_links(page_obj):
    """The page numbers a pagination shows: the first, the last, the current page and its
    neighbours, None where pages are left out. Computed from the paginator's cached count:
    no query."""
    elided = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    return [None if number == Paginator.ELLIPSIS else number for number in elided]
