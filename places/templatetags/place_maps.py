from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def map_tiles():
    """The map's background tiles, for the map page and the small map of a place page, whatever
    view renders them."""
    return {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}
