"""Several app servers as production runs them: gunicorn processes sharing one PostgreSQL
database, one Redis server (the cache) and one S3 bucket (the uploads, moto's S3 server).

The fixtures start Redis (Debian's redis-server) and moto's server on free ports of the
loopback, collect the static files once, and start the gunicorn instances with the project's
own settings (`tierslieux.settings`, not the tests'), configured only through the environment
as the README says. The tests are skipped, with their reason, without PostgreSQL, redis-server
or moto; `.ci/run` provides all three in its PostgreSQL run, and requires them there
(SERVERS_TESTS=required).
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET_KEY = "cle-de-test-partagee-par-les-serveurs-0123456789-abcdefghijkl"
BUCKET = "tiers-lieux-medias"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
START_TIMEOUT = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_server_binary():
    return os.environ.get("REDIS_SERVER") or shutil.which("redis-server")


def moto_server_binary():
    found = BIN / "moto_server"
    return str(found) if found.exists() else shutil.which("moto_server")


@pytest.fixture(scope="module")
def _servers_required(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip(
            "plusieurs serveurs : PostgreSQL requis (DATABASE_URL=postgres://…), "
            "SQLite ne se partage pas entre machines"
        )
    # .ci/run sets it in its PostgreSQL run, where a missing tool must not pass as a skip.
    missing = pytest.fail if os.environ.get("SERVERS_TESTS") == "required" else pytest.skip
    if not redis_server_binary():
        missing("plusieurs serveurs : redis-server absent (apt-get install redis-server)")
    if not moto_server_binary():
        missing("plusieurs serveurs : moto absent (pip install -r requirements-dev.txt)")


class Process:
    """A child process with its output in a file, shown when it fails to start."""

    def __init__(self, name, command, log, env=None):
        self.name = name
        self.log = log
        with log.open("wb") as output:
            self.popen = subprocess.Popen(  # noqa: S603 (our own binaries, fixed arguments)
                command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=ROOT
            )

    def wait_until(self, ready):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                break
            with contextlib.suppress(OSError, URLError):
                if ready():
                    return
            time.sleep(0.2)
        self.stop()
        output = self.log.read_text(errors="replace")[-3000:]
        raise AssertionError(f"{self.name} n'a pas démarré :\n{output}")

    def stop(self):
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def answers(url):
    with urlopen(url, timeout=5) as response:  # noqa: S310 (the loopback only)
        return response.status == 200


@pytest.fixture(scope="module")
def redis_url(_servers_required, tmp_path_factory):
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    command = [redis_server_binary(), "--bind", "127.0.0.1", "--port", str(port)]
    command += ["--save", "", "--appendonly", "no", "--dir", str(folder)]
    server = Process("redis-server", command, folder / "redis.log")

    def pong():
        with socket.create_connection(("127.0.0.1", port), timeout=2) as client:
            client.sendall(b"PING\r\n")
            return client.recv(16).startswith(b"+PONG")

    server.wait_until(pong)
    yield f"redis://127.0.0.1:{port}/0"
    server.stop()


@pytest.fixture(scope="module")
def s3_endpoint(_servers_required, tmp_path_factory):
    """moto's S3 server with one bucket, public for reading like the README asks."""
    import boto3

    folder = tmp_path_factory.mktemp("moto")
    port = free_port()
    command = [moto_server_binary(), "-H", "127.0.0.1", "-p", str(port)]
    server = Process("moto_server", command, folder / "moto.log", env={**os.environ, **S3_KEYS})
    endpoint = f"http://127.0.0.1:{port}"
    server.wait_until(lambda: answers(f"{endpoint}/moto-api/"))
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **s3_keys())
    client.create_bucket(Bucket=BUCKET)
    public_read = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{BUCKET}/*",
    }
    policy = {"Version": "2012-10-17", "Statement": [public_read]}
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
    yield endpoint
    server.stop()


def s3_keys():
    return {name.lower(): value for name, value in S3_KEYS.items()}


def database_url():
    """The test database pytest-django made, for the servers to share."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(settings['NAME'], safe='')}"


@pytest.fixture(scope="module")
def server_environment(redis_url, s3_endpoint, tmp_path_factory):
    """What each app server is given: only environment variables, the same for all."""
    folder = tmp_path_factory.mktemp("servers")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "CACHE_URL", "PYTEST"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "tierslieux.settings",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url(),
            "CACHE_URL": redis_url,
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            **S3_KEYS,
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            # Nothing may land here: uploads go to the bucket.
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    # Once, as a deployment does before starting its servers.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    return environment


@pytest.fixture(scope="module")
def app_servers(server_environment, tmp_path_factory):
    """Two gunicorn instances, as behind a load balancer: their base URLs."""
    folder = tmp_path_factory.mktemp("gunicorn")
    instances = []
    for name in ("a", "b"):
        port = free_port()
        command = [str(BIN / "gunicorn"), "tierslieux.wsgi", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", "1", "--timeout", "60"]
        log = folder / f"gunicorn-{name}.log"
        instances.append((Process(f"gunicorn {name}", command, log, env=server_environment), port))
    urls = []
    for process, port in instances:
        url = f"http://127.0.0.1:{port}"
        process.wait_until(lambda url=url: answers(f"{url}/sante/"))
        urls.append(url)
    yield urls
    for process, _port in instances:
        process.stop()
    media = Path(server_environment["DJANGO_MEDIA_ROOT"])
    assert not media.exists() or not any(media.iterdir()), "des fichiers écrits sur le disque"


@pytest.fixture
def empty_cache(redis_url):
    """No page or version left by an earlier test, whose rows the flush removed."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()
