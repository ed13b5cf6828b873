"""gunicorn's settings for this site: gunicorn reads this file from the folder it starts in
(`make run`, the README's deployment commands and the benchmarks all start it from here).
Command-line options still override it."""

import gc
from importlib import import_module


def post_worker_init(worker):
    """Once a worker has loaded the site, keep its memory from creeping up with the requests.

    A page leaves reference cycles behind (Django's request and its messages, a template's
    contexts), which only Python's cyclic collector frees. A request outlives a few young
    collections, so its cycles reach the oldest generation, which Python collects only every
    tenth middle one: garbage from tens of requests piled up there first, about 20 MiB per
    worker. Freezing what the worker loaded at start (modules, URLs, models: it lives as long
    as the worker) leaves that generation small, and collecting it each time the middle one is
    collected then costs little and frees a request's cycles within a few requests.
    """
    from django.conf import settings

    # The URLconf is otherwise imported by the first request, after the freeze.
    import_module(settings.ROOT_URLCONF)
    gc.freeze()
    youngest, middle, _oldest = gc.get_threshold()
    gc.set_threshold(youngest, middle, 1)
