"""Mark surrogate keys changed right before a request (bench.settings only)."""

import time

from django.core.cache import cache

from newsroom import pagecache


class ChangedBeforeRequest:
    """``X-Bench-Changed: k1 k2``: the app cache sees those keys change, then the request.

    This records the change the way ``pagecache`` does after a commit, for the app's own
    cache only: the edge purge is left out because these figures are of the app server,
    and a PURGE per request would load the machine with work no reader's request causes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        keys = request.headers.get("X-Bench-Changed", "").split()
        if keys:
            changed_at = time.time() + pagecache.CLOCK_MARGIN
            cache.set_many({pagecache.KEY_PREFIX + key: changed_at for key in keys}, timeout=None)
        return self.get_response(request)
