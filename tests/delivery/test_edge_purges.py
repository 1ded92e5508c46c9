"""Purges reach the edge from the web process at once, and through the worker when that
fails: retried with back-off and listed for staff (newsroom/edge.py)."""

import io
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from newsroom import edge, pagecache

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PURGE_TASK = "newsroom.edge.purge_keys"


class FakeVarnish(ThreadingHTTPServer):
    """Answers PURGE as Varnish's xkey VCL does, and remembers the keys."""

    def __init__(self):
        self.purged = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                server.purged.append(set(self.headers["xkey-purge"].split()))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture
def varnish():
    server = FakeVarnish()
    yield server
    server.shutdown()


@pytest.fixture
def worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield lambda: call_command("worker", "--batch", stdout=io.StringIO(), stderr=io.StringIO())
    for sig, handler in handlers.items():  # db_worker installs its own
        signal.signal(sig, handler)


def test_one_transaction_is_one_purge_sent_at_once(varnish, settings):
    settings.EDGE_CACHE_SERVERS = [varnish.url]
    pagecache.purge("article:1", "articles")
    pagecache.purge("comments:1")
    edge.wait()
    assert varnish.purged[0] == {"article:1", "articles", "comments:1"}


def test_the_repeat_purge_is_left_to_the_worker(varnish, settings, worker, monkeypatch):
    settings.EDGE_CACHE_SERVERS = [varnish.url]
    monkeypatch.setattr(edge, "REPEAT_AFTER", 0)
    pagecache.purge("article:7")
    edge.wait()
    assert varnish.purged == [{"article:7"}]
    repeat = DBTaskResult.objects.get(task_path=PURGE_TASK)
    assert repeat.args_kwargs["args"] == [["article:7"]]
    worker()
    assert varnish.purged == [{"article:7"}, {"article:7"}]


def test_a_failed_purge_is_retried_by_the_worker_and_shown_to_staff(varnish, settings, worker):
    settings.EDGE_CACHE_SERVERS = ["http://127.0.0.1:9"]  # nothing listens: refused
    pagecache.purge("section:3")
    edge.wait()
    waiting = DBTaskResult.objects.get(task_path=PURGE_TASK)
    assert waiting.status == "READY"
    settings.EDGE_CACHE_SERVERS = [varnish.url]  # Varnish is back
    worker()
    assert {"section:3"} in varnish.purged
    assert DBTaskResult.objects.get(pk=waiting.pk).status == "SUCCESSFUL"
