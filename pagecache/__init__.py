"""Whole public pages served from Django's cache, and never one that an edit made stale.

What is cached: the answer to an anonymous GET or HEAD of a page an app registered
(`registry.register_pages`), whole — status, headers and body — under its absolute address and
the request headers it varies on; and, for what varies inside a page or an API answer, pieces
built once (`fragments.fragment`): the map's data, the API's data, the options of the list filters.

How it stays exact: every key holds the **content version**, one token for the whole site kept in
the cache (`versions`). Any committed change to content replaces it, so no page built before the
change can be found again; old entries simply expire. Changes are seen three ways:

- signals: saving or deleting a row of a model an app watches (`registry.watch_app`), and
  changing a many-to-many relation between them;
- explicit calls to `versions.changed()` wherever content is written without signals: the
  publishing actions (`QuerySet.update`), the importer's and the communes' bulk writes, merging;
- `migrate`, which may change content and comes with new code (pages rendered by the old
  templates are never served by the new).

The new token is set after the transaction commits (`transaction.on_commit`): set before, another
process could render the old rows under the new token and keep them. Several changes in one
transaction replace it once.

One version for the whole site rather than one per kind of content: the pages mix everything
(a place's page shows its awards and visits, a programme's its places and visits, a visit's its
places and programmes; the home page, the sitemap and /donnees/ count all of them, and an app
adds sections to another's pages), so per-kind versions would ask every view to list what its
templates and sections read, and a forgotten dependency would be a stale page that no test of
the view itself would notice. Edits are rare (editors, a yearly import) next to reads, and after
one each page costs one rendering again. Correctness first.

Time: content scheduled for later (`published_at` in the future) is visible without any write.
Apps register how to find the next scheduled publication (`versions.register_schedule`); it is
looked up once per version (one query, cached with the version) and no entry outlives it.

Who gets cached pages: anonymous visitors only. A logged-in user (staff previewing drafts, with
their banners) always gets a page built for them, never stored, with `Cache-Control: private,
no-cache`. An answer that sets a cookie, uses a CSRF token or modifies the session is never
stored. Browsers and proxies get `Cache-Control: public, max-age=…` (short) and an ETag; an
`If-None-Match` that matches answers 304.

`CACHE_URL=dummy://` (or the setting `PAGECACHE_ENABLED = False`) turns all of it off: every page is
built again, as without this app. Settings: `PAGECACHE_SECONDS` (how long an entry is kept at
most, 3600), `PAGECACHE_MAX_AGE` (what browsers are told, 60).

This app imports nothing of the project: content apps register with it from their `ready()`.
"""
