"""The Jinja2 environment of the public pages (`templates/`).

Public pages are rendered by Jinja2, which Django supports as a template engine: it renders the
list of places several times as fast as Django's own engine, and a page not in the cache is mostly
template rendering. The admin keeps Django's engine (`templates/django/`).

What differs from Django's templates, so that pages read the same:
- values are written as Django writes them (`finalize`): numbers and dates the French way;
- a missing variable or attribute is empty, never an error (`ChainableUndefined`);
- Django's filters are kept under their names where pages use them (`date`, `pluralize`…).
"""

import html

from django.conf import settings
from django.template import defaultfilters
from django.templatetags.l10n import unlocalize
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment, pass_context
from markupsafe import Markup

from content import addresses
from content.templatetags.site_tags import money, number, page_links, percent, select_options
from places.downloads import approximate_size
from tierslieux.seo import page_tags


def environment(**options):
    options.update(undefined=ChainableUndefined, finalize=_as_django_writes_it)
    options.pop("autoescape", None)  # always on, whatever the settings' OPTIONS say
    env = Environment(autoescape=True, **options)
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        select_options=select_options,
        page_links=page_links,
        map_tiles=map_tiles,
        canonical_url=page_tags.canonical_url,
        absolute_url=page_tags.absolute_url,
        absolute_static=page_tags.absolute_static,
        share_photo=page_tags.share_photo,
        website_json_ld=page_tags.website_json_ld,
        item_list_json_ld=page_tags.item_list_json_ld,
        place_description=page_tags.place_description,
        place_json_ld=page_tags.place_json_ld,
        place_list_title=page_tags.place_list_title,
        place_list_description=page_tags.place_list_description,
        programme_description=page_tags.programme_description,
        programme_json_ld=page_tags.programme_json_ld,
        programme_list_title=page_tags.programme_list_title,
        programme_list_description=page_tags.programme_list_description,
        visit_description=page_tags.visit_description,
        visit_json_ld=page_tags.visit_json_ld,
        visit_list_title=page_tags.visit_list_title,
        visit_list_description=page_tags.visit_list_description,
    )
    env.filters.update(
        money=money,
        number=number,
        percent=percent,
        meta_text=page_tags.meta_text,
        download_size=download_size,
        unlocalize=unlocalize,
        date=date,
        time=time,
        pluralize=defaultfilters.pluralize,
        linebreaks=defaultfilters.linebreaks_filter,
        capfirst=defaultfilters.capfirst,
        yesno=defaultfilters.yesno,
        truncatechars=defaultfilters.truncatechars,
        default_if_none=defaultfilters.default_if_none,
        cut=defaultfilters.cut,
    )
    return env


def _as_django_writes_it(value):
    # Django's templates localize what they write: 3,5 and « 1 août 2021 », not 3.5 and 2021-08-01,
    # a datetime in the site's time zone; and they escape as Django does (l&#x27;, not l&#39;).
    # The common cases first, cheaply: most of what a page writes is text or a whole number.
    kind = type(value)
    if kind is str:
        return Markup(html.escape(value))  # noqa: S704 -- escaped here, as Django's escape does
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    if hasattr(value, "__html__"):
        return value
    return conditional_escape(formats.localize(template_localtime(value)))


def date(value, arg=None):
    """Django's `date`, in the site's time zone as in Django's templates (expects_localtime)."""
    return defaultfilters.date(template_localtime(value), arg)


def time(value, arg=None):
    """Django's `time`, in the site's time zone as in Django's templates (expects_localtime)."""
    return defaultfilters.time(template_localtime(value), arg)


def url(name, *args, **kwargs):
    """`url("places:detail", slug=place.slug)`, as `{% url %}`."""
    if args or kwargs:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    # The header's, footer's and lists' own addresses are the same on every page.
    return addresses.fixed(name)


@pass_context
def querystring(context, query_dict=None, **changes):
    """Django's `{% querystring %}`: the request's query string (or query_dict) with `changes`,
    a None value removing its key; "" when there is nothing to write."""
    if query_dict is None:
        query_dict = context["request"].GET
    params = query_dict.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        elif isinstance(value, list | tuple):
            params.setlist(key, value)
        else:
            params[key] = value
    if not params and not query_dict:
        return ""
    return f"?{params.urlencode()}"


def map_tiles():
    """The map's background tiles, for the map page and the small map of a place page."""
    return {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}


def download_size(count, export_format):
    """`paginator.count|download_size("csv")` → « 12 Ko »: what the list's download of that many
    places weighs, roughly."""
    return approximate_size(count or 0, export_format)
