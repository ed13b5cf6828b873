"""Pages benchmark: requests per second of the main public pages, served as `make run` serves
them, at 10 000 and 100 000 places, against a bare « ok » view of the same processes.

    make bench          # or: .venv/bin/python benchmarks/pages.py [--sizes 10000 100000]
        [--database-url postgres://…/empty_throwaway_database] [--duration 3] [--rounds 3]
        [--connections 4]
        [--gunicorn .venv-site/bin/gunicorn]   # make bench's: the site's requirements only

For each size it builds a throwaway database (SQLite in a temporary folder, never db.sqlite3;
or the empty PostgreSQL database given, which it fills: `benchmarks/pages_data.py`), then
starts gunicorn with 2 sync workers twice: with the page cache (files, as on one machine) and
without it (`CACHE_URL=dummy://`). Each time the load tool (wrk, else a Python loop) asks each
page for `--duration` seconds, and the bare view (`benchmarks/bench_urls.py`, a benchmark-only
URLconf) before and after it, in `--rounds` rounds: each page is given as a fraction of the
bare view's rate (the median of its rounds'), which the machine's speed and load change much
less than the rates themselves. It prints the queries each page makes (counted in this process
with Django's test client: without the cache, then a cached hit), the workers' memory (RSS,
/proc) after the run, and which targets are met.
Not a test: rates depend on the machine.
"""

import argparse
import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on the path, where its name would hide the
# project's `pages` app: the project's root replaces it.
sys.path[:] = [str(ROOT)] + [
    entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent
]

from benchmarks import pages_data  # noqa: E402 (needs the path above)

OK_PATH = "/banc/ok/"
WORKERS = 2
# Targets, as fractions of the bare view's rate.
CACHED_TARGET = 0.5
UNCACHED_TARGETS = {"/lieux/": 0.05, "place": 0.08}
SLOWDOWN_TARGET = 1.3
MEMORY_TARGET_MIB = 80


def environment(folder, database_url):
    """The settings of this process and of the servers, as environment variables."""
    return {
        "DATABASE_URL": database_url or f"sqlite:///{folder}/pages.sqlite3",
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DJANGO_SECRET_KEY": "banc-d-essai-des-pages-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_DEBUG": "0",
        "CACHE_URL": "locmem://",
    }


def setup(folder, database_url):
    os.environ.update(environment(folder, database_url))
    import django

    django.setup()
    from django.core.management import call_command

    pages_data.migrate_throwaway(database_url)
    call_command("collectstatic", interactive=False, verbosity=0)


def pages():
    """(label, path) of the pages measured: the first generated place has photos, an award,
    a visit and a provenance; the first generated programme holds half the awards."""
    from funding.models import Programme
    from places.models import Place
    from visits.models import Visit

    place = Place.objects.filter(slug__startswith=f"{pages_data.SLUG_PREFIX}-").order_by("pk")
    programme = Programme.objects.get(slug=f"{pages_data.SLUG_PREFIX}-fabriques-de-territoire-1")
    visit = Visit.objects.get(slug=f"{pages_data.SLUG_PREFIX}-visite-1")
    return [
        ("/", "/"),
        ("/lieux/", "/lieux/"),
        ("place", place.first().get_absolute_url()),
        ("programme", programme.get_absolute_url()),
        ("visit", visit.get_absolute_url()),
        ("/carte/", "/carte/"),
        # What the map loads above MAP_PLACES_AT_ONCE places: the departments, then those the
        # view reaches (Calvados, a department of median size): its places, or above
        # MAP_PLACES_PER_ZONE of them, its zones.
        ("/carte/departements.geojson", "/carte/departements.geojson"),
        ("map, one department", "/carte/lieux.geojson?departement=14"),
    ]


def query_counts(paths):
    """{path: (queries without any cache, queries of a cached hit)}, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    def count(client, path):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        return len(queries)

    counts = {}
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for path in paths:
        with override_settings(CACHES=dummy):
            uncached = count(Client(), path)
        with override_settings(CACHES=memory):
            client = Client()
            count(client, path)
            cached = count(client, path)
        counts[path] = (uncached, cached)
    return counts


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    """One GET as the load tool sends it (no Accept-Encoding): status and X-Page-Cache."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache") or ""
    finally:
        connection.close()


class Server:
    """gunicorn as `make run` starts it (2 sync workers), with the benchmark's settings."""

    def __init__(self, folder, cache_url, name, gunicorn):
        self.port = free_port()
        self.log = folder / f"gunicorn-{name}.log"
        env = {**os.environ, "CACHE_URL": cache_url}
        command = [gunicorn, "tierslieux.wsgi"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS)]
        command += ["--timeout", "300"]
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(OSError):
                if get(self.port, OK_PATH)[0] == 200 and len(self.workers()) == WORKERS:
                    return
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_rss_mib(self):
        sizes = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sizes

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wrk(port, path, duration, connections):
    """Requests per second, and how many were answered."""
    command = [shutil.which("wrk"), "-t1", f"-c{connections}", f"-d{duration}s"]
    command += ["--timeout", "60s", f"http://127.0.0.1:{port}{path}"]
    output = subprocess.run(  # noqa: S603
        command,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failures:
        raise SystemExit(f"{path}: {failures.group(1)} answers in error\n{output}")
    answered = int(re.search(r"(\d+) requests in", output).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), answered


def python_load(port, path, duration, connections):
    """As many threads as connections, each asking again and again until the time is up; the
    requests under way then are waited for and counted, so that a page slower than the
    duration is still measured (wrk drops them)."""
    deadline = time.monotonic() + duration
    done = [0] * connections
    errors = []

    def loop(index):
        while not done[index] or time.monotonic() < deadline:
            status, _cache = get(port, path)
            if status != 200:
                errors.append(status)
                return
            done[index] += 1

    threads = [threading.Thread(target=loop, args=(index,)) for index in range(connections)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{path}: answered {errors[0]}")
    return sum(done) / (time.monotonic() - start), sum(done)


# Below this many answers in the time given, wrk's count misses too large a share (the
# requests under way when it stops): the Python loop, which waits for them, measures instead.
FEW_ANSWERS = 50


def load(port, path, options):
    if shutil.which("wrk"):
        rate, answered = wrk(port, path, options.duration, options.connections)
        if answered >= FEW_ANSWERS:
            return rate
    return python_load(port, path, options.duration, options.connections)[0]


def measure(server, paths, cached, options):
    """{path: (requests per second, fraction of the bare view's rate)}, the medians of
    `--rounds` rounds. A round measures the bare view, then each page followed by the bare view
    again; a page's fraction in a round is its rate over the mean of the two bare runs around
    it, so that a change in the machine's load hits both alike, and the median leaves out a
    round that a burst of load from elsewhere hit harder."""
    for path in paths:
        status, first = get(server.port, path)
        status, state = get(server.port, path)
        # Cached: the second answer comes from the cache. Uncached: the page cache is off.
        if status != 200 or (state == "hit") != cached:
            log = server.log.read_text(errors="replace")[-3000:]
            raise SystemExit(f"{path}: {status}, X-Page-Cache {first!r} then {state!r}\n{log}")
    rounds = {path: [] for path in paths}
    bare = []
    for _round in range(options.rounds):
        bare.append(load(server.port, OK_PATH, options))
        for path in paths:
            rate = load(server.port, path, options)
            bare.append(load(server.port, OK_PATH, options))
            rounds[path].append((rate, rate / ((bare[-2] + bare[-1]) / 2)))
    rates = {
        path: (median(rate for rate, _ in found), median(fraction for _, fraction in found))
        for path, found in rounds.items()
    }
    rates[OK_PATH] = (median(bare), 1.0)
    return rates


def run_size(folder, size, options, stdout):
    started = time.monotonic()
    pages_data.build(size, stdout)
    built = time.monotonic() - started
    labelled = pages()
    paths = [path for _label, path in labelled]
    counts = query_counts(paths)
    results = {"built": built, "pages": labelled, "queries": counts}
    for mode, cache_url in [
        ("cached", f"file://{folder}/cache-{size}"),
        ("uncached", "dummy://"),
    ]:
        server = Server(folder, cache_url, f"{size}-{mode}", options.gunicorn)
        try:
            results[f"{mode} rss at start"] = server.worker_rss_mib()
            results[mode] = measure(server, paths, mode == "cached", options)
            results[f"{mode} rss"] = server.worker_rss_mib()
        finally:
            server.stop()
    return results


def number(value):
    return f"{value:,}".replace(",", " ")


def ratio(result, mode, path):
    return result[mode][path][1]


def mebibytes(sizes):
    return ", ".join(f"{mib:.0f}" for mib in sizes)


def report(results, options):
    tool = "wrk" if shutil.which("wrk") else "a Python loop"
    print(f"\nLoad: {tool} ({options.connections} connections, {options.duration} s a run; the")
    print(f"Python loop for pages answering fewer than {FEW_ANSWERS} times in a run). Rates and")
    print(f"fractions of the bare view: medians of {options.rounds} rounds.\n")
    print(
        "| places | page | queries (uncached, hit) | uncached req/s | × ok | cached req/s | × ok |"
    )
    print("|---|---|---|---|---|---|---|")
    for size, result in results.items():
        bare = f"{result['uncached'][OK_PATH][0]:.0f} | 1 | {result['cached'][OK_PATH][0]:.0f}"
        print(f"| {number(size)} | bare « ok » view | 0, 0 | {bare} | 1 |")
        for label, path in result["pages"]:
            uncached, cached = result["uncached"][path][0], result["cached"][path][0]
            queries = ", ".join(str(count) for count in result["queries"][path])
            print(f"| {number(size)} | {label} | {queries} | {uncached:.1f} |", end="")
            print(f" {ratio(result, 'uncached', path):.3f} | {cached:.0f} |", end="")
            print(f" {ratio(result, 'cached', path):.2f} |")
    print("\n| places | build (s) | worker RSS (MiB): cached, at start → after | uncached |")
    print("|---|---|---|---|")
    for size, result in results.items():
        cached = f"{mebibytes(result['cached rss at start'])} → {mebibytes(result['cached rss'])}"
        uncached = f"{mebibytes(result['uncached rss at start'])} → "
        uncached += mebibytes(result["uncached rss"])
        print(f"| {number(size)} | {result['built']:.0f} | {cached} | {uncached} |")
    print()
    for line in targets(results):
        print(line)


def targets(results):
    lines = []

    def check(met, text):
        lines.append(f"- {'met' if met else 'NOT MET'}: {text}")

    for size, result in results.items():
        for label, path in result["pages"]:
            value = ratio(result, "cached", path)
            check(
                value >= CACHED_TARGET,
                f"{label} cached, {number(size)} places: {value:.2f}× ≥ 0.5×",
            )
    size = 10_000 if 10_000 in results else min(results)
    for label, path in results[size]["pages"]:
        if label in UNCACHED_TARGETS:
            value, target = ratio(results[size], "uncached", path), UNCACHED_TARGETS[label]
            text = f"{label} uncached, {number(size)} places: {value:.3f}× ≥ {target}×"
            check(value >= target, text)
    if len(results) > 1:
        small, large = results[min(results)], results[max(results)]
        for (label, small_path), (_label, large_path) in zip(
            small["pages"], large["pages"], strict=True
        ):
            for mode in ("uncached", "cached"):
                slowdown = ratio(small, mode, small_path) / ratio(large, mode, large_path)
                check(
                    slowdown <= SLOWDOWN_TARGET,
                    f"{label} {mode}: {slowdown:.2f}× slower at {number(max(results))} places "
                    f"than at {number(min(results))} (≤ 1.3×)",
                )
    largest = max(
        mib
        for result in results.values()
        for key in ("cached rss", "uncached rss")
        for mib in result[key]
    )
    check(largest <= MEMORY_TARGET_MIB, f"worker memory after the runs: {largest:.0f} MiB ≤ 80 MiB")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", help="an empty, throwaway database instead of SQLite")
    parser.add_argument("--duration", type=int, default=3, help="seconds of load per run")
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of each page (and of the bare view around it)"
    )
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--gunicorn",
        default=str(Path(sys.executable).parent / "gunicorn"),
        help="the gunicorn to serve with: that of a virtualenv with requirements.txt only, as "
        "in production, leaves out what the development tools import (worker memory)",
    )
    options = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        setup(folder, options.database_url)
        with open(os.devnull, "w") as quiet:
            for size in sorted(options.sizes):
                print(f"{number(size)} places…", file=sys.stderr, flush=True)
                results[size] = run_size(folder, size, options, quiet)
    report(results, options)


if __name__ == "__main__":
    main()
