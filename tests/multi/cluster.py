"""Processes for the multi-machine tests: gunicorn app servers and task workers on 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def redis_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def marks():
    """What every multi-process test needs: NEWSROOM_MULTI=1, PostgreSQL, Redis."""
    import pytest
    from django.db import connection

    return [
        pytest.mark.skipif(not os.environ.get("NEWSROOM_MULTI"), reason="set NEWSROOM_MULTI=1"),
        pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
        pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379"),
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
    ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """One server or worker, its output kept in a log file for when a test fails."""

    def __init__(self, name, command, env, logs):
        self.name, self.command, self.env = name, command, env
        self.log = logs / f"{name}.log"
        self.process = None

    def start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def output(self):
        return self.log.read_text(errors="replace")


def app_server(env, logs, name):
    """A gunicorn app server on a free port; each has its own control socket (gunicorn 27)."""
    port = free_port()
    server = Process(
        name,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--control-socket",
            str(logs / f"{name}-{uuid.uuid4().hex[:8]}.ctl"),
        ],
        env,
        logs,
    )
    server.url = f"http://127.0.0.1:{port}"
    return server.start()


def worker(env, logs, name="worker"):
    return Process(
        name,
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "-v", "1"],
        env,
        logs,
    ).start()


def wait_until_up(server):
    for _ in range(150):
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{server.output()}")
        try:
            urllib.request.urlopen(f"{server.url}/health/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not start:\n{server.output()}")


def eventually(check, timeout=20, interval=0.2):
    """Wait until ``check()`` returns something true; return it (or the last false value)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def environment(**values):
    env = {**os.environ, **values}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env
