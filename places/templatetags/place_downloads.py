from django import template

from places.downloads import approximate_size

register = template.Library()


@register.filter
def download_size(count, export_format):
    """`{{ paginator.count|download_size:"csv" }}` → « 12 Ko »: what the list's download of
    that many places weighs, roughly."""
    return approximate_size(count or 0, export_format)
