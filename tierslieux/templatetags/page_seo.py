"""Template tags for what each page type tells search engines and link previews.

Every tag reads only what the page's view already loaded (prefetched kinds, funders, stops,
photos; the list's validated filters and its page of rows): the pinned query counts of the pages
do not move.
"""

from django import template
from django.urls import reverse

from content import seo
from tierslieux.seo import funding, places, visits

register = template.Library()


def _absolute(context):
    return context["request"].build_absolute_uri


def _page_number(page_obj):
    return page_obj.number if page_obj is not None else None


def _count(page_obj, rows):
    return page_obj.paginator.count if page_obj is not None else len(rows)


@register.simple_tag
def share_photo(photos):
    """The first photo with a JPEG rendition, as {url, alt}, for og:image; None otherwise (the
    site's default image is shown)."""
    for photo in photos:
        if photo.image and photo.srcset_jpeg:
            alt = "" if photo.is_decorative else photo.alt_text or photo.caption
            return {"url": photo.src, "alt": alt}
    return None


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    absolute = _absolute(context)
    return seo.json_ld(seo.website(absolute(reverse("home")), absolute(reverse("places:list"))))


@register.simple_tag(takes_context=True)
def item_list_json_ld(context, rows, page_obj, label="name", name=""):
    """`{% item_list_json_ld places page_obj "name" title %}` for the rows of a list page."""
    absolute = _absolute(context)
    first = page_obj.start_index() if page_obj is not None and rows else 1
    entries = [(absolute(row.get_absolute_url()), getattr(row, label)) for row in rows]
    return seo.json_ld(seo.item_list(name, entries, first, _count(page_obj, rows)))


# Places


@register.simple_tag
def place_description(place):
    return places.describe(place)


@register.simple_tag(takes_context=True)
def place_json_ld(context, place, image=None):
    absolute = _absolute(context)
    image_url = absolute(image["url"]) if image else ""
    return seo.json_ld(places.place_json_ld(place, absolute(place.get_absolute_url()), image_url))


@register.simple_tag
def place_list_title(filterset, page_obj=None):
    return places.list_title(filterset, _page_number(page_obj))


@register.simple_tag
def place_list_description(filterset, page_obj=None):
    count = _count(page_obj, ())
    return places.list_description(filterset, count, _page_number(page_obj))


# Programmes


@register.simple_tag
def programme_description(programme):
    return funding.describe(programme)


@register.simple_tag(takes_context=True)
def programme_json_ld(context, programme):
    url = _absolute(context)(programme.get_absolute_url())
    return seo.json_ld(funding.programme_json_ld(programme, url))


@register.simple_tag
def programme_list_title(filterset, page_obj=None):
    return funding.list_title(filterset, _page_number(page_obj))


@register.simple_tag
def programme_list_description(filterset, page_obj=None):
    count = _count(page_obj, ())
    return funding.list_description(filterset, count, _page_number(page_obj))


# Visits


@register.simple_tag
def visit_description(visit):
    return visits.describe(visit)


@register.simple_tag(takes_context=True)
def visit_json_ld(context, visit, image=None):
    absolute = _absolute(context)
    image_url = absolute(image["url"]) if image else ""
    return seo.json_ld(visits.visit_json_ld(visit, absolute, image_url))


@register.simple_tag
def visit_list_title(filterset, page_obj=None):
    return visits.list_title(filterset, _page_number(page_obj))


@register.simple_tag
def visit_list_description(filterset, page_obj=None):
    count = _count(page_obj, ())
    return visits.list_description(filterset, count, _page_number(page_obj))
