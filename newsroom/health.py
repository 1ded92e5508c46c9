"""
``GET /health/`` for load balancers and orchestrators: 200 with a small JSON body when
the database, the cache and the media storage answer; 503 naming what failed.

It is answered by a middleware near the top of the stack, before the HTTPS redirect,
host validation, sessions and the page cache: a load balancer probes plain HTTP on the
machine's own address, and the answer must be about this server, now. It costs one
SQL query and is never cached.
"""

import logging
import os
import uuid
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import add_never_cache_headers

PATH = "/health/"

logger = logging.getLogger(__name__)


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_():
    # A fresh key each time: probes from other servers sharing the cache cannot interfere.
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:  # django-redis hides errors and answers None
        raise ConnectionError("the cache did not return what was stored")


def storage():
    media = storages["default"]
    if isinstance(media, FileSystemStorage):
        path = Path(media.location)
        while not path.exists():  # the media directory is created by the first upload
            path = path.parent
        if not os.access(path, os.W_OK):
            raise PermissionError(f"cannot write to {path}")
    else:
        media.listdir("")  # a missing bucket or bad credentials raise here


CHECKS = {"database": database, "cache": cache_, "storage": storage}


def report():
    """Each check's result: "ok" or "failed"."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # whatever broke, the answer is "failed", with the cause logged
            logger.exception("Health check failed: %s", name)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return results


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        checks = report()
        failed = [name for name, result in checks.items() if result != "ok"]
        body = {"status": "unavailable" if failed else "ok", "checks": checks}
        if failed:
            body["failed"] = failed
        response = JsonResponse(body, status=503 if failed else 200)
        add_never_cache_headers(response)
        return response
