"""The limited markup staff write the site pages in: Markdown without HTML or images.

markdown-it-py's "js-default" preset is CommonMark with raw HTML escaped and links to
`javascript:`, `vbscript:`, `file:` and `data:` refused; images are turned off too (the pages
load nothing from elsewhere). Nothing typed in the admin can add markup of its own.
"""

import functools
import re

from django.utils.safestring import mark_safe

# « [À compléter : nom de l'hébergeur] »: what the operator still has to fill in, highlighted.
PLACEHOLDER = re.compile(r"\[À compléter[^\]<>]*\]", re.IGNORECASE)


def placeholders(text):
    return PLACEHOLDER.findall(text or "")


@functools.cache
def _parser():
    # Imported when a page body is first rendered: the two site pages are rarely asked for, and
    # a worker that serves only lists and places does not carry markdown-it (1.7 MiB).
    from markdown_it import MarkdownIt

    return MarkdownIt("js-default").disable(["image", "table"])


def render(text):
    """Safe HTML for a page body. The page's own title is its only h1: `# Titre` becomes h2."""
    _markdown = _parser()
    tokens = _markdown.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    html = PLACEHOLDER.sub(lambda match: f'<mark class="to-complete">{match[0]}</mark>', html)
    return mark_safe(html)  # noqa: S308 - HTML escaped by markdown-it (html=False) above
