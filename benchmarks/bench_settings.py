"""Settings of the servers `benchmarks/pages.py` starts: the project's, with the benchmark's
URLconf. Never used by the site itself."""

from tierslieux.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
