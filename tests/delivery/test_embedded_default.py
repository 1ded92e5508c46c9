"""
The embedded default (no REDIS_URL, SQLite) is correct across processes.

gunicorn with two workers serves a page from the file-based cache in CACHE_DIR; an erase
run as ``manage.py comments_by_email --erase`` in a process of its own must take the
comment off the page for every following reader, whichever worker answers. A cache kept
inside each process would go on serving it (``manage.py check`` warns about that
configuration, newsroom.W001).

Everything runs in a temporary directory: a SQLite file, the cache directory, the
servers' environment. Collected static files go where they always do (STATIC_ROOT).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from newsroom import configuration

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "ana@example.org"
COMMENT = "My street floods every spring, and nobody comes."

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the embedded default is SQLite; this runs in the SQLite stage (it makes its own)",
)

SETUP = f"""
from tests.factories import CommentFactory
comment = CommentFactory(name="Ana Quispe", email="{EMAIL}", body="{COMMENT}")
print(comment.article.get_absolute_url())
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


@pytest.fixture
def embedded_site(tmp_path):
    """Environment of a site with no DATABASE_URL or REDIS_URL of the tests' own."""
    env = {k: v for k, v in os.environ.items() if k not in configuration.BY_NAME}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'newsroom.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
        SECRET_KEY="embedded-default-test-" + "k" * 40,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    # Both at once: they touch different things and each takes a few seconds.
    static = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    manage(env, "migrate", "--noinput", "-v0")
    path = manage(env, "shell", "-v0", "-c", SETUP).stdout.split()[-1]
    assert static.wait(timeout=60) == 0
    return env, path


@pytest.fixture
def gunicorn(embedded_site, tmp_path):
    env, path = embedded_site
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/robots.txt", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        yield base + path
    finally:
        server.terminate()
        server.wait(timeout=30)


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


def test_an_erase_from_manage_py_reaches_every_worker_at_once(embedded_site, gunicorn):
    env, _ = embedded_site
    seen = [read(gunicorn) for _ in range(12)]  # enough that both workers answered
    assert all(COMMENT in page for _, page in seen)
    assert [state for state, _ in seen].count("hit") >= 10

    erase = manage(env, "comments_by_email", "--erase", EMAIL)
    assert "Erased 1 comment(s)" in erase.stderr

    for _ in range(10):
        _, page = read(gunicorn)
        assert COMMENT not in page
        assert "Ana Quispe" not in page
