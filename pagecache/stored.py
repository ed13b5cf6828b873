"""What a page becomes once kept: its HTML without the templates' indentation, and a gzip copy.

Both are made once, when the page is stored, rather than at every hit: a hit then costs no
compression (the gzip middleware leaves an answer that has a Content-Encoding alone), and a
smaller body to send. No secret is in a kept page (pages with a CSRF token or a cookie are never
kept), so one compressed copy may serve every visitor: BREACH needs a secret beside the
attacker's text.
"""

import re

from django.utils.text import compress_string

# A line break and the indentation, blank lines included, that follow it. HTML renders any run
# of white space between words or tags as one space, so one line break renders the same.
INDENTATION = re.compile(rb"\n[ \t]*(?:\n[ \t]*)*")
# Where white space is the content itself: such pages are kept as they are.
WHITESPACE_KEPT = re.compile(rb"<(?:pre|textarea)\b", re.IGNORECASE)
# Shorter answers are not worth compressing (the same bound as Django's GZipMiddleware).
MIN_COMPRESSED = 200


def compacted(content, content_type):
    """The page without its indentation; anything but HTML as it is."""
    if not content_type.lower().startswith("text/html") or WHITESPACE_KEPT.search(content):
        return content
    return INDENTATION.sub(b"\n", content)


def gzipped(content, headers):
    """The gzip copy of an answer, or None when it is short, compressed already, or would not
    be any smaller."""
    if len(content) < MIN_COMPRESSED or any(
        name.lower() == "content-encoding" for name, _value in headers
    ):
        return None
    compressed = compress_string(content)
    return compressed if len(compressed) < len(content) else None
