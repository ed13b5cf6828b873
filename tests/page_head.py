"""Reads what a page's <head> tells search engines and link previews, as they would."""

import json
from html.parser import HTMLParser


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = None
        self.meta = {}
        self.links = {}
        self.json_ld = []
        self._in = None
        self._text = []
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), attrs.get("href"))
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in, self._text = tag, []

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "head":
            self._done = True
        if tag != self._in:
            return
        text = "".join(self._text)
        if tag == "title":
            self.title = text
        else:
            self.json_ld.append(json.loads(text))
        self._in = None


def read_head(response):
    """title, meta (by name or property), links (by rel) and the parsed JSON-LD blocks."""
    parser = _HeadParser()
    parser.feed(response.content.decode())
    return parser


def json_ld_of_type(response, kind):
    found = [block for block in read_head(response).json_ld if block.get("@type") == kind]
    assert len(found) == 1, f"{len(found)} blocs JSON-LD de type {kind}"
    return found[0]
