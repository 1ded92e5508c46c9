"""
Rate limits for anonymous API clients, counted in the shared cache.

A fixed window a minute long per client IP address (``newsroom.client_ip``): the count
lives in the cache every app server shares, and ``incr`` is one atomic Redis INCR, so
two processes answering the same client count into one total. With the cache down the
API answers without a limit rather than refusing everyone.
"""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def seconds_to_wait(ip):
    """0 if a request from ``ip`` may be answered now (and count it), else how many
    seconds until it may."""
    limit = settings.API_RATE_LIMIT
    if not limit or ip is None:
        return 0
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    name = f"api:rate:{ip}:{window}"
    try:
        count = cache.incr(name)  # one round trip for every request after the first
    except ValueError:  # the window's first request (incr needs an existing key)
        count = 1 if cache.add(name, 1, timeout=2 * WINDOW_SECONDS) else cache.incr(name)
    if count is None or count <= limit:  # None: the cache is down
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
