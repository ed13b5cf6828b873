from django import template

register = template.Library()


@register.simple_tag
def select_options(bound_field):
    """(value, label, selected) for a select, in one query and without per-option templates."""
    current = bound_field.value()
    current = "" if current is None else str(current)
    return [
        (str(value), label, str(value) == current) for value, label in bound_field.field.choices
    ]
