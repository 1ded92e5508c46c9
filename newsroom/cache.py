"""
The Redis cache with a circuit breaker.

django-redis with IGNORE_EXCEPTIONS already treats a Redis that is down as a missing
cache. A Redis that accepts connections but does not answer is worse: each operation
waits for the socket timeout, several times per request. After one such failure the
breaker opens and, for ``BREAKER_SECONDS``, every operation in this process fails at
once (a miss, as when Redis is down); then one operation tries Redis again.

``is_failing`` tells a caller whose write must not be lost (a purge) to keep it and
write it again later.

``read_and_count`` reads several entries and counts one request in a single round trip
(a Redis pipeline), for the page cache and the API's rate limit; on any other backend it
makes the same calls one after another.
"""

import functools
import logging
import threading
import time

from django.core.cache import caches
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


class _Breaker:
    """Open/closed state for one Redis location, shared by the threads of a process."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.open_until = 0.0
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self, location, error):
        with self.lock:
            if not self.is_open():
                logger.warning(
                    "Cache %s failed (%s): treated as missing for %s s.",
                    location,
                    error,
                    self.seconds,
                )
            self.open_until = time.monotonic() + self.seconds


_breakers = {}


class _GuardedClient:
    """The django-redis client, each call going through the breaker."""

    def __init__(self, client, breaker, location):
        self._client, self._breaker, self._location = client, breaker, location

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def guarded(*args, **kwargs):
            if self._breaker.is_open():
                raise ConnectionInterrupted(connection=None) from ConnectionError(
                    "circuit breaker open"
                )
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._breaker.trip(self._location, error.__cause__)
                raise

        return guarded


class CircuitBreakerRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        seconds = options.pop("BREAKER_SECONDS", 30)
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker = _breakers.setdefault(str(server), _Breaker(seconds))
        self._guarded = None

    @property
    def client(self):
        if self._guarded is None:
            self._guarded = _GuardedClient(super().client, self._breaker, self._server)
        return self._guarded

    def read_and_count(self, names, counter, *, timeout):
        """One pipeline: MGET of ``names``, then SET NX EX and INCR of ``counter``."""
        if self._breaker.is_open():
            return {}, None
        client = super().client
        made = {client.make_key(name): name for name in names}
        try:
            pipeline = client.get_client(write=True).pipeline(transaction=False)
            if made:
                pipeline.mget(list(made))
            if counter is not None:
                counter_key = client.make_key(counter)
                pipeline.set(counter_key, 0, ex=timeout, nx=True)
                pipeline.incr(counter_key)
            results = pipeline.execute()
        except (RedisConnectionError, RedisTimeoutError, ResponseError, TimeoutError) as error:
            self._breaker.trip(self._server, error)
            if not self._ignore_exceptions:
                raise
            return {}, None
        found = {}
        if made:
            for key, value in zip(made, results[0], strict=True):
                if value is not None:
                    found[made[key]] = client.decode(value)
        return found, results[-1] if counter is not None else None


def is_failing():
    """True while the default cache's circuit breaker is open: what was just written to it
    may have been dropped (with IGNORE_EXCEPTIONS a failed write raises nothing)."""
    cache = caches["default"]
    return isinstance(cache, CircuitBreakerRedisCache) and cache._breaker.is_open()


def read_and_count(names, counter=None, *, timeout=None):
    """``(found, count)``: ``cache.get_many(names)``, and ``counter`` incremented (created
    at 1 to expire after ``timeout`` seconds) when given. ``count`` is None without a
    counter, or when the cache is down (as ``incr`` answers then)."""
    cache = caches["default"]
    if isinstance(cache, CircuitBreakerRedisCache):
        return cache.read_and_count(names, counter, timeout=timeout)
    found = cache.get_many(names) if names else {}
    if counter is None:
        return found, None
    try:
        return found, cache.incr(counter)
    except ValueError:  # the first count (incr needs an existing key)
        return found, 1 if cache.add(counter, 1, timeout=timeout) else cache.incr(counter)
