"""A kept page is stored without its templates' indentation and with a gzip copy, made once."""

import gzip

import pytest

from pagecache.stored import compacted, gzipped
from tests.pagecache.conftest import Urls, text

GZIP = {"accept-encoding": "gzip, deflate, br"}


def test_indentation_and_blank_lines_become_one_line_break():
    page = (
        b"<ul>\n    <li>\n      Un\n\n      lieu</li>\n\t\n  </ul>\n"
        b'  <p class="a"\n     id="b">x</p>'
    )
    assert compacted(page, "text/html; charset=utf-8") == (
        b'<ul>\n<li>\nUn\nlieu</li>\n</ul>\n<p class="a"\nid="b">x</p>'
    )


@pytest.mark.parametrize("tag", [b"<pre>", b"<PRE class='code'>", b"<textarea name='m'>"])
def test_a_page_where_white_space_is_content_is_kept_as_it_is(tag):
    page = b"<div>\n    " + tag + b"\n    indented\n  </div>"
    assert compacted(page, "text/html") == page


@pytest.mark.parametrize("content_type", ["text/csv", "application/geo+json", "text/calendar"])
def test_other_formats_are_kept_as_they_are(content_type):
    body = b"a,b\n  c,d\n"
    assert compacted(body, content_type) == body


def test_the_gzip_copy_is_made_only_where_it_helps():
    assert gzipped(b"x" * 199, []) is None
    assert gzipped(b"x" * 5000, [("Content-Encoding", "gzip")]) is None
    copy = gzipped(b"x" * 5000, [("Content-Type", "text/html")])
    assert gzip.decompress(copy) == b"x" * 5000


def test_a_cached_page_reads_the_same_and_weighs_less(world, client, settings):
    settings.PAGECACHE_ENABLED = False
    built = client.get(Urls.PROGRAMME)
    settings.PAGECACHE_ENABLED = True
    client.get(Urls.PROGRAMME)
    kept = client.get(Urls.PROGRAMME)
    assert kept["X-Page-Cache"] == "hit"
    assert text(kept) == text(built)
    assert b"\n  " in built.content and b"\n  " not in kept.content
    assert len(kept.content) < len(built.content)


def test_a_hit_is_sent_compressed_without_compressing_it_again(world, client, monkeypatch):
    client.get(Urls.PLACE)

    def no_compression(*args, **kwargs):
        raise AssertionError("a cached page is compressed once, when it is kept")

    monkeypatch.setattr("django.middleware.gzip.compress_string", no_compression)
    monkeypatch.setattr("pagecache.stored.compress_string", no_compression)
    hit = client.get(Urls.PLACE, headers=GZIP)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert "L'atelier normand" in gzip.decompress(hit.content).decode()
    plain = client.get(Urls.PLACE)
    assert gzip.decompress(hit.content) == plain.content
    assert hit["ETag"] == f"W/{plain['ETag']}"
    again = client.get(Urls.PLACE, headers={**GZIP, "if-none-match": hit["ETag"]})
    assert again.status_code == 304
