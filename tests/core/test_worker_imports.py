"""What a web worker imports: the libraries only an admin task or one feed needs are imported
when that task runs, not by every worker (each weighs megabytes in every process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ON_DEMAND = ["openpyxl", "icalendar"]

WORKER = """
import json, sys
from django.urls import resolve
from tierslieux.wsgi import application
resolve("/")  # loads the URLconf, hence every view module
print(json.dumps({name: name in sys.modules for name in %r}))
"""


def test_a_worker_serving_pages_does_not_import_the_on_demand_libraries(tmp_path):
    result = subprocess.run(  # noqa: S603 - this interpreter with fixed code
        [sys.executable, "-c", WORKER % ON_DEMAND],
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
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == dict.fromkeys(ON_DEMAND, False)
