"""What search engines and link previews read, for any page: canonical addresses, short
descriptions, JSON-LD blocks and the French phrasing that titles share.

Page-specific knowledge (what a place or a visit says about itself) lives in the apps above; this
module only knows text, URLs and requests.
"""

import html
import json
from urllib.parse import urlencode

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from content.money import format_number

SITE_NAME = "Tiers-lieux en France"
SITE_DESCRIPTION = (
    "Les tiers-lieux de France, les financements publics qui les soutiennent et les visites "
    "officielles où ils sont annoncés."
)
DEFAULT_SHARE_IMAGE = "img/partage.png"
DESCRIPTION_LENGTH = 200

# Like Django's json_script: these three can never end the script element nor open a comment.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def meta_text(text, limit=DESCRIPTION_LENGTH):
    """One line of plain text for a `content="…"` attribute: a rendered block's entities
    decoded (the attribute escapes them again), white space collapsed, cut on a word."""
    plain = " ".join(html.unescape(str(text or "")).split())
    if limit and len(plain) > limit:
        plain = Truncator(plain).chars(limit, truncate="…")
    return plain


def join_french(items, conjunction="et"):
    """`a`, `a et b`, `a, b et c`."""
    items = [str(item) for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def lower_first(text):
    """`Atelier partagé` → `atelier partagé`, but `FabLab` stays: an acronym or a brand keeps
    its capitals."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def upper_first(text):
    text = str(text)
    return text[:1].upper() + text[1:]


def with_page(title, page_number):
    """`Lieux à Caen — page 2`; page 1 is the list itself."""
    if page_number and int(page_number) > 1:
        return f"{title} — page {page_number}"
    return title


def count_sentence(title, count, *, none, one, many):
    """`Fablabs en Normandie : 12 lieux recensés, …` for the description of a filtered list."""
    if not count:
        return f"{title} : {none}."
    return f"{title} : {format_number(count)} {one if count == 1 else many}."


def with_page_sentence(text, page_number):
    """A description of page 2 differs from page 1's: `… Page 2.`"""
    if page_number and int(page_number) > 1:
        return f"{text} Page {page_number}."
    return text


def canonical_query(params, keep, page_number=None):
    """The query string a list page is known by: only the parameters it understands (its
    filters, in their declared order), without empty values, and the page after the first.
    Anything else (`utm_source`, `fbclid`, a typo) is dropped."""
    pairs = []
    for name in keep:
        for value in params.getlist(name):
            value = value.strip()
            if value:
                pairs.append((name, value))
    if page_number and int(page_number) > 1:
        pairs.append(("page", str(page_number)))
    return urlencode(pairs)


def canonical_url(request, keep=(), page_number=None):
    """The absolute address of the page, without tracking parameters; a list keeps its filters
    (`keep`) and its page number."""
    query = canonical_query(request.GET, keep, page_number) if keep or page_number else ""
    url = request.build_absolute_uri(request.path)
    return f"{url}?{query}" if query else url


def json_ld(data):
    """A `<script type="application/ld+json">` block: built by json.dumps, never by templating,
    with `<`, `>` and `&` escaped so that no text (a place named `</script>`) can end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


def compact(data):
    """The dictionary without its empty values, so JSON-LD never states an empty name."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def item_list(name, entries, first_position=1, count=None):
    """A list page's JSON-LD `ItemList`: `entries` are (absolute URL, name) of the rows shown,
    which the page's own query already filtered to what the public may see."""
    return {
        "@context": "https://schema.org",
        **compact(
            {
                "@type": "ItemList",
                "name": name,
                "numberOfItems": count,
                "itemListElement": [
                    {"@type": "ListItem", "position": position, "url": url, "name": label}
                    for position, (url, label) in enumerate(entries, start=first_position)
                ],
            }
        ),
    }


def website(home_url, search_url):
    """The home page's JSON-LD: the site, and how to search its places."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": SITE_NAME,
        "description": SITE_DESCRIPTION,
        "url": home_url,
        "inLanguage": "fr",
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search_url}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }
