"""At most a few contact messages per client address and per hour, counted in Django's cache.

The cache is shared by every worker (settings.CACHES), so the count holds whichever process
answers. Only a digest of the address is kept, for the hour of the window.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

MESSAGES_PER_WINDOW = 5
WINDOW_SECONDS = 3600


def client_address(request):
    """REMOTE_ADDR, or the header a reverse proxy sets (settings.CLIENT_IP_HEADER, e.g.
    "X-Real-IP"); of an X-Forwarded-For list, the last address: the one our proxy added."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        value = request.headers.get(header, "")
        if value:
            return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(request):
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"contact-messages:{digest}"


def is_exceeded(request):
    return (cache.get(_key(request)) or 0) >= MESSAGES_PER_WINDOW


def count(request):
    """One more message from this address; the window starts with its first message."""
    key = _key(request)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls: this message opens a new window
        cache.set(key, 1, WINDOW_SECONDS)
