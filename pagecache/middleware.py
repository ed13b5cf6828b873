"""Serving registered pages to anonymous visitors from the cache, and storing them.

Last in MIDDLEWARE: the user is known (authentication ran before), and every middleware above
still processes a cached answer on its way out (security headers, X-Frame-Options, the session's
`Vary: Cookie`). A hit is found in `process_view`, once the URL is resolved: no view runs, no
query is made (but the session's, when the visitor sends a session cookie).
"""

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

from pagecache import registry, stored, versions

logger = logging.getLogger(__name__)

# A larger answer (a download of many thousand places) is streamed to the visitor, not kept.
MAX_BYTES = 5 * 1024 * 1024
# Set on every answer to a registered page, for operators and tests: hit, miss or bypass.
STATUS_HEADER = "X-Page-Cache"
# Headers the cache sets itself on the way out, or that must never be replayed.
NOT_STORED = {"set-cookie", "content-length", STATUS_HEADER.lower()}


class Lookup:
    """What process_view learnt about a request: its entry's key, or why it has none."""

    def __init__(self, page, key=None, version=None, bypass=False):
        self.page = page
        self.key = key
        self.version = version
        self.bypass = bypass
        self.hit = False


def entry_key(request, page, version):
    """The absolute address (host and scheme too: canonical links and feeds carry them), and
    the request headers the page varies on."""
    parts = [request.build_absolute_uri()]
    parts += [f"{header}={request.headers.get(header, '')}" for header in sorted(page.vary)]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"pagecache:page:{version}:{digest}"


def etag_of(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        lookup = getattr(request, "page_cache", None)
        if lookup is None or lookup.hit:
            return response
        if lookup.bypass:
            # Staff: drafts and banners are theirs alone, and may change at the next click.
            del response["Cache-Control"]
            patch_cache_control(response, private=True, no_cache=True)
            response.headers[STATUS_HEADER] = "bypass"
            return response
        reason = unstorable(request, response, lookup.page)
        if reason is not None:
            if response.status_code == 200 and "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            response.headers[STATUS_HEADER] = f"bypass ({reason})"
            return response
        if response.streaming:
            response.streaming_content = self._stored_while_streamed(
                response, response.streaming_content, lookup
            )
            response.headers[STATUS_HEADER] = "miss"
            if "Cache-Control" not in response:
                patch_cache_control(response, public=True, max_age=versions.browser_seconds())
            return response
        entry = self._store(response, response.content, lookup)
        response.headers[STATUS_HEADER] = "miss"
        if entry is None:
            return response
        response.content = entry["content"]  # the page as every later visitor gets it
        return conditional(request, response, entry)

    def process_view(self, request, view_func, view_args, view_kwargs):
        page = registry.page_for(request.resolver_match)
        if page is None or request.method not in ("GET", "HEAD") or not versions.enabled():
            return None
        if request.user.is_authenticated:
            request.page_cache = Lookup(page, bypass=True)
            return None
        try:
            version = versions.current()
            key = entry_key(request, page, version)
            entry = cache.get(key)
        except Exception:
            # The cache server cannot be reached: build the page, as without a cache.
            logger.exception("Cache des pages injoignable")
            return None
        request.page_cache = Lookup(page, key=key, version=version)
        if entry is None or entry["expires"] <= timezone.now().timestamp():
            return None
        request.page_cache.hit = True
        compressed = entry.get("gzip") is not None and accepts_gzip(request)
        content = entry["gzip"] if compressed else entry["content"]
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response.headers[name] = value
        response.headers[STATUS_HEADER] = "hit"
        if compressed:
            # As Django's GZipMiddleware answers, which then leaves this answer alone.
            response.headers["Content-Encoding"] = "gzip"
            patch_vary_headers(response, ["Accept-Encoding"])
            return conditional(request, response, entry, etag=weak(entry["etag"]))
        return conditional(request, response, entry)

    def _store(self, response, content, lookup):
        """The entry for this answer, kept until the content changes or its lifetime ends;
        None when the cache cannot be reached."""
        try:
            now = timezone.now()
            seconds = versions.lifetime(lookup.version, now)
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in NOT_STORED
            ]
            content = stored.compacted(content, response.headers.get("Content-Type", ""))
            entry = {
                "status": response.status_code,
                "headers": headers,
                "content": content,
                # Made only for an entry that is kept: a page never kept is compressed, if
                # at all, by the gzip middleware.
                "gzip": stored.gzipped(content, headers) if seconds > 0 else None,
                "etag": response.headers.get("ETag") or etag_of(content),
                "expires": now.timestamp() + seconds,
            }
            if seconds > 0:
                cache.set(lookup.key, entry, seconds)
        except Exception:
            logger.exception("Cache des pages injoignable")
            return None
        return entry

    def _stored_while_streamed(self, response, chunks_out, lookup):
        """The download goes to the visitor as it is produced; once it all went, and if it was
        not too large, it is kept and the next visitor gets it in one piece."""
        chunks, size = [], 0
        for chunk in chunks_out:
            if chunks is not None:
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    chunks = None
            yield chunk
        if chunks is not None:
            self._store(response, b"".join(chunks), lookup)


def unstorable(request, response, page):
    """Why this answer must not be kept for other visitors, or None."""
    if response.status_code != 200:
        return "statut"
    if response.cookies:
        return "cookie"
    # A CSRF token in the page: the cookie that goes with it is set on the way out.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return "csrf"
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return "session"
    directives = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.headers.get("Cache-Control", ""))
    }
    if directives & {"private", "no-store", "no-cache"}:
        return "cache-control"
    varies = {
        header.strip().lower()
        for header in cc_delim_re.split(response.headers.get("Vary", ""))
        if header.strip()
    }
    if varies - page.vary:
        return "vary"
    return None


def weak(etag):
    return etag if etag.startswith("W/") else f"W/{etag}"


def accepts_gzip(request):
    # Django's own test, as its GZipMiddleware makes it.
    return re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) is not None


def conditional(request, response, entry, etag=None):
    """The answer with its validator and what browsers may do with it, or 304 when the client
    already holds it."""
    etag = etag or entry["etag"]
    response.headers["ETag"] = etag
    if "Cache-Control" not in response:
        # Never past the entry's own end: a scheduled publication is due then.
        remaining = int(entry["expires"] - timezone.now().timestamp())
        max_age = max(0, min(versions.browser_seconds(), remaining))
        patch_cache_control(response, public=True, max_age=max_age)
    return get_conditional_response(request, etag=etag, response=response)
