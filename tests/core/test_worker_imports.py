"""What a web worker imports: the libraries only an admin task or one feed needs are imported
when that task runs, not by every worker (each weighs megabytes in every process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The spreadsheet import and export, the calendar feed, uploads and renditions, the duplicate
# finder and the search for typos, the site pages' Markdown, the API's OpenAPI schema (its
# generator imports Django's test tools).
ON_DEMAND = [
    *("openpyxl", "icalendar", "PIL", "rapidfuzz", "markdown_it"),
    *("drf_spectacular.openapi", "django.test"),
]

WORKER = """
import json, sys
from django.urls import resolve
from tierslieux.wsgi import application
resolve("/")  # loads the URLconf, hence every view module
print(json.dumps({name: name in sys.modules for name in %r}))
"""


# gunicorn's hook, run as gunicorn runs it in a worker that has loaded the site.
GUNICORN_HOOK = """
import gc, json, runpy, sys
from tierslieux.wsgi import application
before = gc.get_freeze_count()
runpy.run_path("gunicorn.conf.py")["post_worker_init"](None)
print(json.dumps({
    "frozen before": before,
    "frozen after": gc.get_freeze_count(),
    "oldest generation threshold": gc.get_threshold()[2],
    "URLconf loaded": "tierslieux.urls" in sys.modules,
}))
"""


def run_worker(code, tmp_path):
    result = subprocess.run(  # noqa: S603 - this interpreter with fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tierslieux.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'vide.sqlite3'}",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "CACHE_URL": "dummy://",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_worker_serving_pages_does_not_import_the_on_demand_libraries(tmp_path):
    assert run_worker(WORKER % ON_DEMAND, tmp_path) == dict.fromkeys(ON_DEMAND, False)


def test_gunicorn_workers_freeze_what_they_loaded_and_collect_the_rest_often(tmp_path):
    state = run_worker(GUNICORN_HOOK, tmp_path)
    assert state["frozen before"] == 0
    # The modules, URLs and models a worker loaded are out of the collector's way...
    assert state["frozen after"] > 10_000
    assert state["URLconf loaded"]
    # ...so the oldest generation, where a request's cycles end up, is collected each time.
    assert state["oldest generation threshold"] == 1
