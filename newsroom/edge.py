"""
Purging the edge cache (Varnish, or a CDN) in front of the app servers.

Every public page is sent with its surrogate keys in a header; ``purge(keys)`` asks each
configured edge server to drop the pages carrying any of them. Purges leave the request
that caused them at once: a thread per process sends them within milliseconds, coalescing
the keys of one transaction (or of a burst of them) into one request per server. A purge
that fails there becomes a task (``purge_keys``, ``newsroom/tasks.py``): the worker retries
it with back-off, and staff see every attempt under "Task results". Every purge is also
sent a second time a moment later, by the worker where the task backend can defer (else
by the thread). The repeat closes the one race a purge cannot: the edge fetching a page
from an app server that rendered it just before the commit, and storing it just after the
first purge arrived.

A backend is a small class: ``header`` names the response header that carries the keys,
``send(keys)`` purges them. ``VarnishPurge`` speaks to Varnish with the xkey vmod (see
``edge/varnish.vcl``). A hosted CDN maps the same keys onto its own API:

* Fastly: ``header = "Surrogate-Key"``; ``send`` POSTs the keys to
  ``/service/{id}/purge`` with header ``Surrogate-Key: k1 k2`` and an API token.
* Cloudflare: ``header = "Cache-Tag"`` (comma-separated); ``send`` POSTs
  ``{"tags": [...]}`` to ``/zones/{zone}/purge_cache``.
"""

import logging
import queue
import threading
import time
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string

from .tasks import background

logger = logging.getLogger(__name__)

REPEAT_AFTER = 2.0  # seconds before each purge is sent again (see the module doc)


class PurgeBackend:
    header = "xkey"

    def send(self, keys):
        raise NotImplementedError


class VarnishPurge(PurgeBackend):
    """``PURGE /`` with ``xkey-purge: k1 k2 …`` to each Varnish in ``EDGE_CACHE_SERVERS``."""

    header = "xkey"

    def __init__(self, servers):
        self.servers = servers

    def send(self, keys):
        for server in self.servers:
            parts = urlsplit(server)
            request = urllib.request.Request(
                f"{parts.scheme}://{parts.netloc}/",
                method="PURGE",
                headers={"xkey-purge": " ".join(sorted(keys))},
            )
            with urllib.request.urlopen(request, timeout=2) as response:  # nosec B310
                response.read()


def backend():
    servers = [url for url in settings.EDGE_CACHE_SERVERS if url]
    if not servers:
        return None
    return import_string(settings.EDGE_PURGE_BACKEND)(servers)


def key_header():
    current = backend()
    return current.header if current else "xkey"


def lifetime():
    """Seconds a shared cache may keep a page: long only when we can purge it."""
    return settings.EDGE_CACHE_SECONDS if settings.EDGE_CACHE_SERVERS else 0


class _Purger(threading.Thread):
    """Sends queued purges: (not_before, keys, tries, is_repeat) jobs, due ones together."""

    def __init__(self):
        super().__init__(name="edge-purger", daemon=True)
        self.jobs = queue.Queue()
        self.idle = threading.Event()
        self.idle.set()

    def run(self):
        waiting = []
        while True:
            timeout = max(0, min(job[0] for job in waiting) - time.time()) if waiting else None
            try:
                waiting.append(self.jobs.get(timeout=timeout))
                time.sleep(0.01)  # let the rest of a burst arrive: one request for all
                while True:
                    waiting.append(self.jobs.get_nowait())
            except queue.Empty:
                pass
            now = time.time()
            due = [job for job in waiting if job[0] <= now]
            waiting = [job for job in waiting if job[0] > now]
            if due:
                waiting.extend(self.send(due))
            if not waiting and self.jobs.empty():
                self.idle.set()

    def send(self, due):
        """Send the due jobs as one purge; return the jobs that follow from it."""
        current = backend()
        keys = frozenset().union(*(job[1] for job in due))
        first_sends = frozenset().union(*(job[1] for job in due if not job[3]))
        if current is None:
            return []
        try:
            current.send(keys)
        except Exception:  # the worker retries it, with back-off, visibly (module doc)
            logger.warning(
                "Edge purge failed; handing %d keys to the task worker", len(keys), exc_info=True
            )
            self.hand_over(purge_keys, keys)
            return []
        if not first_sends:
            return []
        if purge_keys.get_backend().supports_defer:
            self.hand_over(purge_keys.using(run_after=_in(REPEAT_AFTER)), first_sends)
            return []
        return [(time.time() + REPEAT_AFTER, first_sends, 0, True)]

    def hand_over(self, task, keys):
        try:
            task.enqueue(sorted(keys))
        except Exception:  # no database either: nothing more this process can do
            logger.exception("Could not queue the edge purge of %d keys", len(keys))
        finally:
            connections.close_all()  # this thread's own connections


def _in(seconds):
    return timezone.now() + timedelta(seconds=seconds)


@background(attempts=6, backoff_seconds=5)
def purge_keys(keys):
    """Purge ``keys`` at every edge server (the worker's retry of a failed purge)."""
    current = backend()
    if current is not None:
        current.send(set(keys))


_purger = None
_lock = threading.Lock()


def purge(keys):
    """Queue ``keys`` for purging at every edge server (returns at once)."""
    global _purger
    if not settings.EDGE_CACHE_SERVERS or not keys:
        return
    with _lock:
        if _purger is None or not _purger.is_alive():
            _purger = _Purger()
            _purger.start()
    _purger.idle.clear()
    _purger.jobs.put((0, frozenset(keys), 0, False))


def wait(timeout=10):
    """Block until queued purges (repeats included) have been sent; for tests and exits."""
    if _purger is not None:
        _purger.idle.wait(timeout)
