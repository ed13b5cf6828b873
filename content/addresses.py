"""Addresses reversed once per URLconf and script prefix rather than on every call: a list page
asks for the same header and footer addresses on every page and for a page of twenty rows'
addresses, the map for thousands. `reverse()` walks the URLconf each time, which cost a list
page more than its cards' queries.

The cache is keyed by what `reverse()` reads besides its arguments, the current URLconf and
script prefix, so an address never outlives either; it holds at most one entry per URL name.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What the `slug` path converter accepts: reverse() writes such a value unchanged, since none of
# its characters is quoted in a path.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# A slug put where the slug goes, then split around: no other part of an address contains it.
_SAMPLE = "slug-5f0c2e9b7a"


def fixed(name):
    """The address of a URL name that takes no argument, as `reverse(name)` gives it."""
    return _reversed(name, _current_urlconf(), get_script_prefix())


def with_slug(name, slug):
    """The address of a URL name whose only argument is `slug`, taken by the `slug` converter,
    as `reverse(name, kwargs={"slug": slug})` gives it (and the same error for a value the
    converter refuses)."""
    if not (isinstance(slug, str) and SLUG.fullmatch(slug)):
        return reverse(name, kwargs={"slug": slug})
    head, tail = _around_slug(name, _current_urlconf(), get_script_prefix())
    return f"{head}{slug}{tail}"


def _current_urlconf():
    return get_urlconf() or settings.ROOT_URLCONF


@functools.lru_cache(maxsize=128)
def _reversed(name, urlconf, _prefix):
    return reverse(name, urlconf=urlconf)


@functools.lru_cache(maxsize=128)
def _around_slug(name, urlconf, _prefix):
    head, _sample, tail = reverse(name, kwargs={"slug": _SAMPLE}, urlconf=urlconf).partition(
        _SAMPLE
    )
    return head, tail
