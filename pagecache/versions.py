"""The content version, replaced after each committed change, and the next scheduled publication.

See the package's docstring for why there is one version for the whole site.
"""

import math
import threading
import uuid

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.utils import timezone

VERSION_KEY = "pagecache:version"
NEXT_PUBLICATION_KEY = "pagecache:next-publication:{version}"
DEFAULT_SECONDS = 3600
DEFAULT_MAX_AGE = 60


def enabled():
    """Off with `CACHE_URL=dummy://`, which keeps nothing anyway, or `PAGECACHE_ENABLED = False`."""
    if not getattr(settings, "PAGECACHE_ENABLED", True):
        return False
    return not isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)


def entry_seconds():
    """How long an entry is kept at most: versions make it exact, this bounds what a write no
    code sees (SQL typed by hand in a database shell) can leave behind."""
    return getattr(settings, "PAGECACHE_SECONDS", DEFAULT_SECONDS)


def browser_seconds():
    """How long browsers and proxies may reuse a page without asking again."""
    return getattr(settings, "PAGECACHE_MAX_AGE", DEFAULT_MAX_AGE)


def current():
    """The content version now. A fresh random token, never a counter: a version evicted from
    the cache can never come back and match entries stored under it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        # Another process may have added its own first: everyone uses the one kept.
        version = cache.get(VERSION_KEY)
    return version


def bump():
    """Every entry is out of date from now on."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


class _Batch:
    """The changes of one transaction: each registers a commit hook, the first that runs bumps.

    A hook per change rather than a flag "hook registered": a rolled-back transaction drops its
    hooks, and a flag would then stop the next transaction from registering any.
    """

    done = False

    def run(self):
        if not self.done:
            self.done = True
            bump()


_local = threading.local()


def changed(using=None):
    """Content changed: every page is out of date once the transaction commits (at once
    outside a transaction). For writes that send no signal: `QuerySet.update()`,
    `bulk_create()`, `bulk_update()`, SQL."""
    batch = getattr(_local, "batch", None)
    if batch is None or batch.done:
        batch = _local.batch = _Batch()
    # robust: the change is committed whatever happens; a cache server that cannot be reached
    # is logged, not turned into an error page for the editor.
    transaction.on_commit(batch.run, using=using, robust=True)


_schedules = []


def register_schedule(next_publication):
    """`next_publication(now)` → the first moment after `now` when content becomes visible by
    itself (scheduled publication), or None."""
    if next_publication not in _schedules:
        _schedules.append(next_publication)


def next_publication(version, now):
    """The first scheduled publication after `now`, looked up once per version."""
    key = NEXT_PUBLICATION_KEY.format(version=version)
    cached = cache.get(key)
    if cached is not None and (cached[0] is None or cached[0] > now):
        return cached[0]
    moments = [moment for find in _schedules if (moment := find(now)) is not None]
    first = min(moments, default=None)
    cache.set(key, (first,), entry_seconds())
    return first


def lifetime(version, now=None):
    """Seconds an entry built now may be kept: `entry_seconds()`, cut at the next scheduled
    publication (rounded down: never a second past it). 0 means "do not keep it"."""
    now = now or timezone.now()
    seconds = entry_seconds()
    upcoming = next_publication(version, now)
    if upcoming is not None:
        seconds = min(seconds, math.floor((upcoming - now).total_seconds()))
    return max(0, seconds)
