"""Conditional GETs: an ETag from a hash of the body, Last-Modified from the rows' updated_at.

A client that sends back the ETag (If-None-Match) gets a 304 without the body whenever
nothing in it changed. Last-Modified is the newest `updated_at` of the rows answered: on a
detail it stands for the whole answer, so If-Modified-Since alone is honoured there; on a list
it cannot see a row that left the list (unpublished, deleted), so only the ETag decides.
"""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

# Clients and proxies may reuse an answer this long; after that a conditional GET costs a 304.
MAX_AGE_SECONDS = 60


class ConditionalGetMixin:
    """For API views: set `self.last_modified` (a datetime, or None) before answering."""

    last_modified = None
    # Whether If-Modified-Since alone may answer 304 (see the module's docstring).
    last_modified_is_complete = False

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        response.headers["ETag"] = etag
        timestamp = None
        if self.last_modified is not None:
            timestamp = int(self.last_modified.timestamp())
            response.headers["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        return get_conditional_response(
            request._request,
            etag=etag,
            last_modified=timestamp if self.last_modified_is_complete else None,
            response=response,
        )
