"""A Redis that accepts connections but never answers: pages stay fast (timeouts, then
the circuit breaker in newsroom/cache.py treats the cache as missing)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_redis():
    """A TCP port that completes every connection (the kernel's backlog) and never replies."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def production_caches(redis_url):
    """CACHES as newsroom/settings.py builds it for this REDIS_URL."""
    code = "import json; from newsroom import settings; print(json.dumps(settings.CACHES))"
    env = {**os.environ, "REDIS_URL": redis_url, "SECRET_KEY": "x"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


class Hung(BaseException):
    """Not an Exception, so that no client library swallows it as a network error."""


@pytest.fixture
def deadline():
    """Fail instead of hanging if a request waits for ever (no timeouts configured)."""

    def expire(signum, frame):
        raise Hung("pages hung on the silent Redis")

    def stop():
        signal.setitimer(signal.ITIMER_REAL, 0)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, 20, 1)  # again every second until caught
    try:
        yield stop
    finally:
        stop()
        signal.signal(signal.SIGALRM, previous)


def test_pages_stay_fast_when_redis_never_answers(
    settings, silent_redis, deadline, a_published_article
):
    caches = production_caches(silent_redis)
    options = caches["default"]["OPTIONS"]
    assert options["SOCKET_TIMEOUT"] <= 1 and options["SOCKET_CONNECT_TIMEOUT"] <= 1
    # Waiting again would now cost 2 s a request: far above a page rendered on a busy CI
    # machine, so the timings below tell the breaker's work from the machine's load.
    options["SOCKET_TIMEOUT"] = 2
    settings.CACHES = caches
    client, timings = Client(), []
    try:
        for url in ["/", a_published_article.get_absolute_url()] * 5:
            start = time.monotonic()
            assert client.get(url).status_code == 200
            timings.append(time.monotonic() - start)
    except Hung:
        deadline()
        pytest.fail(f"pages hung on the silent Redis after {len(timings)} answers")
    deadline()
    assert timings[0] < 6  # one request waits for the timeout and opens the breaker
    assert max(timings[1:]) < 1.5, timings  # the rest do not wait again
