"""Pieces of pages and answers kept under the content version, for what varies inside a page:
the map's data under its filters, the API's data under its address, the options of a filter."""

import hashlib
import logging

from django.core.cache import cache
from django.utils import timezone

from pagecache import versions

logger = logging.getLogger(__name__)


def key(name, parts, version):
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"pagecache:fragment:{name}:{version}:{digest}"


def fragment(name, parts, build):
    """`build()`, or what it returned last time for the same `name` and `parts` (strings) since
    content last changed. Anything `build()` raises is raised again and nothing is kept."""
    if not versions.enabled():
        return build()
    try:
        version = versions.current()
        entry_key = key(name, parts, version)
        # (value, end): None is a value build() may return; the end is checked against
        # Django's clock, the one scheduled publications are compared with.
        cached = cache.get(entry_key)
    except Exception:
        # The cache server cannot be reached: build it, as without a cache.
        logger.exception("Cache des pages injoignable")
        return build()
    now = timezone.now()
    if cached is not None and cached[1] > now.timestamp():
        return cached[0]
    value = build()
    try:
        seconds = versions.lifetime(version, now)
        if seconds:
            cache.set(entry_key, (value, now.timestamp() + seconds), seconds)
    except Exception:
        logger.exception("Cache des pages injoignable")
    return value
