"""
Rate limits for anonymous API clients, counted in the shared cache.

A fixed window a minute long per client IP address (``newsroom.client_ip``): the count
lives in the cache every app server shares, and each count is one atomic Redis INCR, so
two processes answering the same client count into one total. The INCR travels in the
round trip in which the page cache reads what it needs to answer the request
(``pagecache.read_ahead``), so counting costs no round trip of its own. With the cache
down the API answers without a limit rather than refusing everyone.
"""

import time

from django.conf import settings

from newsroom import pagecache
from newsroom.client_ip import client_ip

WINDOW_SECONDS = 60


def seconds_to_wait(request):
    """0 if ``request`` may be answered now (and count it against its client), else how
    many seconds until it may."""
    limit = settings.API_RATE_LIMIT
    ip = client_ip(request)
    if not limit or ip is None:
        return 0
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    count = pagecache.read_ahead(
        request, count=f"api:rate:{ip}:{window}", timeout=2 * WINDOW_SECONDS
    )
    if count is None or count <= limit:  # None: the cache is down
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
