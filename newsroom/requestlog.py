"""
One log line per request, and a request id that ties a request's log lines together.

The id is the one a proxy or load balancer sent in X-Request-ID when it looks sane
(up to 64 letters, digits, dots, dashes, underscores or colons), a fresh one otherwise.
It is returned in the X-Request-ID response header and stamped, as ``request_id``, on
every log record made while the request runs, errors included (``RequestIdFilter`` on
the handler). ``JsonFormatter`` writes each record as one JSON object (LOG_FORMAT=json).
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

current_request_id = contextvars.ContextVar("request_id", default="-")
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
FIELDS = ("method", "path", "status", "duration_ms")  # what the request line adds

logger = logging.getLogger("newsroom.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)  # errors arrive here as 500 responses
            response["X-Request-ID"] = request.request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            logger.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update((name, getattr(record, name)) for name in FIELDS if hasattr(record, name))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
