"""What the page templates call to tell search engines and link previews about each page.

Every function reads only what the page's view already loaded (prefetched kinds, funders, stops,
photos; the list's validated filters and its page of rows): the pinned query counts of the pages
do not move.
"""

import django_filters
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import pass_context

from content import seo
from tierslieux.seo import funding, places, visits


def meta_text(text, limit=seo.DESCRIPTION_LENGTH):
    """`page_description|meta_text`: one line, cut at 200 characters; `meta_text(0)` for no
    cut (titles)."""
    return seo.meta_text(text, int(limit))


@pass_context
def canonical_url(context):
    """The page's absolute address; a list page (a FilterSet in its context) keeps its filters
    and its page number, nothing else."""
    filterset = context.get("filter")
    keep = list(filterset.filters) if isinstance(filterset, django_filters.FilterSet) else []
    page = context.get("page_obj")
    number = page.number if page is not None else None
    return seo.canonical_url(context["request"], keep, number)


@pass_context
def absolute_url(context, url):
    """A path (or an address already absolute, e.g. a photo on S3) made absolute."""
    return context["request"].build_absolute_uri(url) if url else ""


@pass_context
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))


def _absolute(context):
    return context["request"].build_absolute_uri


def _page_number(page_obj):
    return page_obj.number if page_obj is not None else None


def _count(page_obj, rows):
    return page_obj.paginator.count if page_obj is not None else len(rows)


def share_photo(photos):
    """The first photo with a JPEG rendition, as {url, alt}, for og:image; None otherwise (the
    site's default image is shown)."""
    for photo in photos:
        if photo.image and photo.srcset_jpeg:
            alt = "" if photo.is_decorative else photo.alt_text or photo.caption
            return {"url": photo.src, "alt": alt}
    return None


@pass_context
def website_json_ld(context):
    absolute = _absolute(context)
    return seo.json_ld(seo.website(absolute(reverse("home")), absolute(reverse("places:list"))))


@pass_context
def item_list_json_ld(context, rows, page_obj, label="name", name=""):
    """`item_list_json_ld(places, page_obj, "name", title)` for the rows of a list page."""
    absolute = _absolute(context)
    first = page_obj.start_index() if page_obj is not None and rows else 1
    entries = [(absolute(row.get_absolute_url()), getattr(row, label)) for row in rows]
    return seo.json_ld(seo.item_list(name, entries, first, _count(page_obj, rows)))


# Places


def place_description(place):
    return places.describe(place)


@pass_context
def place_json_ld(context, place, image=None):
    absolute = _absolute(context)
    image_url = absolute(image["url"]) if image else ""
    return seo.json_ld(places.place_json_ld(place, absolute(place.get_absolute_url()), image_url))


def place_list_title(filterset, page_obj=None):
    return places.list_title(filterset, _page_number(page_obj))


def place_list_description(filterset, page_obj=None):
    count = _count(page_obj, ())
    return places.list_description(filterset, count, _page_number(page_obj))


# Programmes


def programme_description(programme):
    return funding.describe(programme)


@pass_context
def programme_json_ld(context, programme):
    url = _absolute(context)(programme.get_absolute_url())
    return seo.json_ld(funding.programme_json_ld(programme, url))


def programme_list_title(filterset, page_obj=None):
    return funding.list_title(filterset, _page_number(page_obj))


def programme_list_description(filterset, page_obj=None):
    count = _count(page_obj, ())
    return funding.list_description(filterset, count, _page_number(page_obj))


# Visits


def visit_description(visit):
    return visits.describe(visit)


@pass_context
def visit_json_ld(context, visit, image=None):
    absolute = _absolute(context)
    image_url = absolute(image["url"]) if image else ""
    return seo.json_ld(visits.visit_json_ld(visit, absolute, image_url))


def visit_list_title(filterset, page_obj=None):
    return visits.list_title(filterset, _page_number(page_obj))


def visit_list_description(filterset, page_obj=None):
    count = _count(page_obj, ())
    return visits.list_description(filterset, count, _page_number(page_obj))
