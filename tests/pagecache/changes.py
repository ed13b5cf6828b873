"""What the invalidation tests check: a page read before and after a committed change."""

from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pagecache.conftest import text


@dataclass(frozen=True)
class Shows:
    text: str

    def check(self, url, before, after):
        assert self.text not in before[1], f"{url} montrait déjà {self.text!r}"
        assert self.text in after[1], f"{url} ne montre pas {self.text!r} : page périmée"


@dataclass(frozen=True)
class Hides:
    text: str

    def check(self, url, before, after):
        assert self.text in before[1], f"{url} ne montrait pas {self.text!r}"
        assert self.text not in after[1], f"{url} montre encore {self.text!r} : page périmée"


@dataclass(frozen=True)
class Answers:
    status: int

    def check(self, url, before, after):
        assert before[0] != self.status
        assert after[0] == self.status, f"{url} répond {after[0]} au lieu de {self.status}"


class Changes:
    def check(self, url, before, after):
        assert before[1] != after[1], f"{url} n'a pas changé : page périmée"


def read(client, url):
    response = client.get(url)
    return response.status_code, text(response)


def warm(client, urls):
    """Each page read once, then again from the cache: no query at all."""
    seen = {url: read(client, url) for url in urls}
    for url, (status, _body) in seen.items():
        if status != 200:
            continue  # drafts and errors are never kept
        with CaptureQueriesContext(connection) as queries:
            assert read(client, url) == seen[url]
        assert not queries.captured_queries, f"{url} n'a pas été mis en cache"
    return seen


def saved(row, **values):
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
