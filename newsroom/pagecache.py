"""
Whole pages for anonymous readers, kept by the app and by an edge cache in front.

What is cached
    Views wrapped in ``public_page(params=…)`` answer anonymous GETs with a page that is
    the same for every anonymous reader: no cookie is set, nothing per reader is in the
    body (the comment form carries a shared, signed token; see ``comments/forms.py``), and
    ``Vary: Cookie`` is dropped. A request carrying a cookie that makes the page personal
    (a staff session, or a cookie an app registers with ``register_bypass_cookie``) is
    never served from nor stored in the cache. Only the query parameters a view declares
    are part of the cache key; ``?utm_source=…`` and friends are ignored.

Dependencies, not generations
    While a page renders, the code that reads content names what it shows:
    ``depends_on(request, "article:12", "comments:12", "sections")``. The keys are stored
    with the page and sent to the edge cache as a surrogate-key header (``xkey`` for
    Varnish; see ``newsroom/edge.py`` for CDNs).

    ``purge(*keys)`` is called by the code that changes content. It waits for the
    transaction to commit (``transaction.on_commit``), then records, for each key, the time
    it changed and asks the edge servers to drop every page carrying it. A page is served
    from the app cache only if its render *started* after the last change of every key it
    depends on, so a reader who rendered the old content just before the commit can never
    leave it behind, and nothing is scanned or deleted: stale entries simply age out.
    A change the shared cache could not take (its circuit breaker open) is kept by the
    process and recorded, and purged at the edge again, once the cache answers: with the
    process's next purge, or before its next request.

One round trip per hit
    Each process keeps copies of the pages and fragments it stored or served lately
    (``_LocalCopies``). A hit then reads only when each of their keys last changed, with
    the next publication time, in one round trip, and serves the copy under the same rule
    as above; a middleware that counts every request (the API's rate limit) adds its
    count to that round trip (``read_ahead``). A flush of the shared cache changes a token
    kept in it (``GENERATION``), and every process forgets its copies.

Shared boxes
    A box shown on many pages whose content changes often (the "Latest" headlines) is
    not rendered into them: the page carries ``<esi:include src="/fragments/…/">`` (the
    ``{% fragment %}`` tag). Varnish assembles it (ESI) from its own cached copy; for any
    other client the middleware fills it from the app cache. Publishing a story therefore
    purges the fragment and the lists, not every article page.

Scheduled stories
    A story scheduled for 17:00 appears at 17:00 with no save to trigger a purge: the time
    of the next scheduled publication is kept in the cache, the first request after it
    purges what the story changes, and the edge lifetime (``s-maxage``) never runs past it.
    It is kept with a token naming the schedule, which each change of scheduled times
    renews: a time looked up before an editor's commit and stored after it is not believed.
"""

import functools
import gzip
import hashlib
import math
import re
import threading
import time
import uuid
from collections import OrderedDict
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from . import edge
from .cache import is_failing as cache_is_failing
from .cache import read_and_count

# When the next scheduled story goes live, with the schedule's token when it was looked up
# (a new name for a new form: servers of the previous release read a bare time).
NEXT_PUBLICATION = "pages:next-publication-by-schedule"
# A token naming the schedule: a new one after each change of scheduled times. A next
# publication looked up under an older token is not believed, so a request that read the
# schedule just before an editor's commit cannot store its answer over the editor's.
SCHEDULE = "pages:schedule"
# A token naming the shared cache's contents: a new one after a flush (or eviction) tells
# each process to forget its copies (_LocalCopies), which the flush could not reach.
GENERATION = "pages:generation"
KEY_PREFIX = "pages:key:"
# A change is dated this much later than its server's clock says, so that app servers
# whose clocks differ by less (NTP keeps a data centre within milliseconds) never keep a
# page rendered before it. Pages rendered within it are served but not kept.
CLOCK_MARGIN = 0.05
# Response headers kept with a page and sent again on every hit.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Last-Modified",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
# How much page content each process keeps of what it stored or served (_LocalCopies).
LOCAL_COPIES_BYTES = 16 * 1024 * 1024
ESI_INCLUDE = re.compile(r'<esi:include src="([^"]+)"\s*/>')
FRAGMENT_PREFIX = "/fragments/"

_bypass_cookies = set()
# When the page being rendered began: what remember() inside it dates unknown keys by.
_render_started = ContextVar("render_started", default=None)
_due_publications = None  # set by the articles app: callable(since) -> keys to purge


def register_bypass_cookie(name):
    """A cookie whose presence makes a page personal: such requests skip the cache."""
    _bypass_cookies.add(name)


def bypass_cookies():
    return {settings.SESSION_COOKIE_NAME, "messages", *_bypass_cookies}


def register_publication_hooks(*, due_keys, next_publication):
    """How to find what scheduled stories change (the articles app provides both)."""
    global _due_publications, _next_publication
    _due_publications = due_keys
    _next_publication = next_publication


def _next_publication():
    return 0


def public_page(view=None, *, params=(), keys=()):
    """Mark a view's successful responses as the same for every anonymous reader.

    ``params`` names the query parameters the view reads; all others are ignored.
    ``keys`` are surrogate keys every response of the view depends on.
    """
    if view is None:
        return functools.partial(public_page, params=params, keys=keys)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        depends_on(request, *keys)
        response = view(request, *args, **kwargs)
        if getattr(request, "page_cache", None) and response.status_code == 200:
            response.page_cache_keys = request.page_cache.keys
        return response

    wrapped.page_cache_params = frozenset(params)
    return wrapped


def depends_on(request, *keys):
    """Record that the page being rendered for ``request`` shows what ``keys`` name."""
    state = getattr(request, "page_cache", None)
    if state is not None:
        state.keys.update(keys)


def canonical(request, **values):
    """The values the page really used for its declared query parameters (None: the
    parameter should be absent). A request that says it otherwise (``?cpage=999`` for a
    one-page thread, ``?page=01``, ``?replyto=`` a comment that cannot take a reply) gets
    the same page, but it is not kept: a client cannot make us store one copy per value.
    """
    state = getattr(request, "page_cache", None)
    if state is not None:
        state.canonical.update({name: None if v is None else str(v) for name, v in values.items()})


def is_shared_render(request):
    """True while rendering a page that will be kept for every anonymous reader."""
    return getattr(request, "page_cache", None) is not None


# Invalidation.

_batch = threading.local()


def purge(*keys):
    """Drop every page that depends on ``keys``, once the current transaction commits."""
    keys = set(keys)
    if not keys:
        return
    pending = getattr(_batch, "keys", None)
    if pending is not None:
        pending.update(keys)
    else:
        after_commit(lambda: _purge_now(keys))


def after_commit(callback):
    """Run ``callback`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(callback, robust=True)


class batch:
    """Collect the purges of many changes (an import, a bulk action) into one."""

    def __enter__(self):
        self.outer = getattr(_batch, "keys", None)
        if self.outer is None:
            _batch.keys = set()
        return self

    def __exit__(self, *exc_info):
        if self.outer is None:
            keys, _batch.keys = _batch.keys, None
            if keys:
                after_commit(lambda: _purge_now(keys))


# Keys whose change this process could not record because the shared cache was failing
# (its circuit breaker is per process): recorded once the cache answers again, with the
# process's next purge or before its next page request. Until then other processes may
# serve pages kept before the change; a process that exits first loses them.
_unrecorded = set()
_unrecorded_lock = threading.Lock()
_schedule_unrecorded = False  # the same for a change of the schedule


def _purge_now(keys):
    kept = _take_unrecorded()
    if _record_changes(keys | kept):
        # The kept ones at the edge again: it may have fetched a page from a server that
        # still served its old copy.
        keys = keys | kept
    edge.purge(keys)


def _take_unrecorded():
    with _unrecorded_lock:
        kept = set(_unrecorded)
        _unrecorded.clear()
    return kept


def _record_changes(keys):
    """Date ``keys`` as changed now; False (and kept for later) if the cache failed."""
    changed_at = time.time() + CLOCK_MARGIN
    cache.set_many({KEY_PREFIX + key: changed_at for key in keys}, timeout=None)
    if cache_is_failing():
        with _unrecorded_lock:
            _unrecorded.update(keys)
        return False
    return True


def _record_unrecorded():
    """Record the changes a failing cache dropped, once it answers again."""
    global _schedule_unrecorded
    if cache_is_failing():
        return
    if _schedule_unrecorded:
        _schedule_unrecorded = False
        _new_schedule()
    if (kept := _take_unrecorded()) and _record_changes(kept):
        edge.purge(kept)


def _made_from():
    """When what a value is made of may have been read: the page's render start if a page
    is rendering (the caller may have loaded rows before asking), else now."""
    return min(time.time(), _render_started.get() or math.inf)


def remember(name, compute, *, depends=("articles",)):
    """``compute()``, kept until one of ``depends`` is purged."""
    started = _made_from()
    stored = cache.get(f"pages:value:{name}")
    if stored is not None and _fresh(stored["started"], depends):
        return stored["value"]
    value = compute()
    if _fresh(started, depends, just_rendered=True):
        cache.set(f"pages:value:{name}", {"started": started, "value": value}, timeout=3600)
    return value


def remember_many(depends, compute):
    """``{name: value}`` for each name in ``depends`` (name -> its keys), each kept until
    one of its keys is purged: what is at hand is read in one round trip, and
    ``compute(missing names)`` makes the rest at once (it may leave out a name it cannot
    make)."""
    started = _made_from()
    stored_names = {name: f"pages:value:{name}" for name in depends}
    found = cache.get_many(
        [*stored_names.values(), *{KEY_PREFIX + key for keys in depends.values() for key in keys}]
    )
    values, missing = {}, []
    for name, keys in depends.items():
        stored = found.get(stored_names[name])
        if stored is not None and _fresh_in(found, stored["started"], keys):
            values[name] = stored["value"]
        else:
            missing.append(name)
    if not missing:
        return values
    made = compute(missing)
    changes = cache.get_many([KEY_PREFIX + key for name in made for key in depends[name]])
    keep = {
        stored_names[name]: {"started": started, "value": value}
        for name, value in made.items()
        if _fresh_in(changes, started, depends[name], just_rendered=True)
    }
    if keep:
        cache.set_many(keep, timeout=3600)
    return values | made


def _fresh(started, keys, *, just_rendered=False):
    """True if nothing in ``keys`` changed since ``started``."""
    if not keys:
        return True
    return _fresh_in(
        cache.get_many([KEY_PREFIX + key for key in keys]),
        started,
        keys,
        just_rendered=just_rendered,
    )


def _fresh_in(changes, started, keys, *, just_rendered=False):
    """``_fresh`` on change times already fetched (``changes``: cache name -> time).

    A key with no recorded change (new, or evicted from the cache) cannot vouch for a page
    kept earlier, so on a read it counts as changed now. A page that has just been rendered
    needs no such vouching: the key is recorded as changed just before its render began.
    """
    fresh = True
    for key in keys:
        name = KEY_PREFIX + key
        changed_at = changes.get(name)
        if changed_at is None:
            if just_rendered:
                page_started = _render_started.get()
                changed_at = min(started, page_started or started) - 1e-6
            else:
                changed_at = time.time()
            cache.add(name, changed_at, timeout=None)
        fresh = fresh and changed_at < started
    return fresh


# Scheduled publication.


def _publish_due(next_publication):
    """Called when a scheduled story is due: purge what it changes; the next one."""
    if _due_publications is not None:
        _purge_now(set(_due_publications(next_publication)))
    return _look_up_next_publication(cache.get(SCHEDULE))


def schedule_changed():
    """Scheduled times changed: after the commit, name the schedule anew and look up the
    next publication under the new name."""
    after_commit(_new_schedule)


def _new_schedule():
    global _schedule_unrecorded
    stored = cache.get(NEXT_PUBLICATION)
    schedule = uuid.uuid4().hex
    cache.set(SCHEDULE, schedule, timeout=None)
    _schedule_unrecorded = cache_is_failing()
    if stored and stored[0] and time.time() >= stored[0]:
        _publish_due(stored[0])  # it went live with no request since: its pages first
    else:
        _look_up_next_publication(schedule)


def _look_up_next_publication(schedule):
    """The next publication time from the database (0: none), stored for ``schedule``,
    the schedule's token read *before* the database was."""
    upcoming = _next_publication()
    cache.set(NEXT_PUBLICATION, (upcoming, schedule), timeout=None)
    return upcoming


def _next_publication_from(found):
    """When the next scheduled story goes live (0: none), from what the first read
    ``found``, and whether one went live just now (its pages purged after that read).

    A time stored under an older schedule is looked up again, unless it is due: a later
    lookup would only see the times after it, and its story would go live unpurged.
    """
    schedule = found.get(SCHEDULE)
    if (stored := found.get(NEXT_PUBLICATION)) is not None:
        upcoming, looked_up_under = stored
        if upcoming and time.time() >= upcoming:
            return _publish_due(upcoming), True
        if looked_up_under == schedule:
            return upcoming, False
    return _look_up_next_publication(schedule), False


# The middleware.


class _PageState:
    __slots__ = ("canonical", "keys", "started")

    def __init__(self):
        self.canonical = {}
        self.keys = set()
        self.started = time.time()

    def is_canonical(self, request):
        return all(request.GET.get(name) == value for name, value in self.canonical.items())


class PageCacheMiddleware:
    """Serve and store ``public_page`` responses for anonymous GETs (see the module doc).

    It sits near the top of the stack, so a hit costs no session, CSRF or template work,
    and one round trip to the cache: the times the keys of this process's copy changed
    (``_LocalCopies``), read with the next publication time, and with an API client's
    rate-limit count when ``read_ahead`` took it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.assembled = _LRU(64)  # pages with their fragments filled in
        self.compressed = _LRU(256)  # gzipped bodies by ETag: a hit compresses nothing

    def __call__(self, request):
        lookup = _lookup(request)
        if lookup is None:
            return self.get_response(request)
        found = lookup.found
        if found is None:
            found, _ = read_and_count(lookup.names)
        if _local.follow(found.get(GENERATION) or _new_generation()):
            lookup.local = None  # a new or flushed cache: nothing kept here counts
        next_publication, went_live = _next_publication_from(found)
        # What the first read asked for; a story that just went live had its keys purged
        # after it: then they are all read again.
        asked = () if went_live else lookup.names
        if lookup.local is not None:
            response = self.hit(request, lookup.local, next_publication, found, asked)
            if response is not None:
                response["X-Page-Cache"] = "hit"
                return response
            _local.discard(lookup.key)
            # Another process may have kept a newer copy since.
            stored = cache.get(lookup.key)
            if stored is not None and stored["started"] == lookup.local["started"]:
                stored = None  # the same copy, just found stale
        else:
            stored = found.get(lookup.key)
        if stored is not None:
            response = self.hit(request, stored, next_publication, found, asked)
            if response is not None:
                _local.put(lookup.key, stored)
                response["X-Page-Cache"] = "hit"
                return response
        return self.miss(request, lookup.key, next_publication)

    def hit(self, request, stored, next_publication, found, asked):
        """The stored page if it is still fresh, else None.

        ``found`` holds what the first read found of the names it ``asked`` for: the times
        the page's keys changed, and its fragments with theirs, unless the page it read
        them for was another copy. Whatever else is needed is read here.
        """
        esi_at_edge = _esi_at_edge(request)
        needed = _names_to_check(stored, esi_at_edge)
        asked = set(asked)
        if missing := [name for name in needed if name not in asked]:
            found = {**found, **cache.get_many(missing)}
        if not _fresh_in(found, stored["started"], stored["keys"]):
            return None
        fragments = {} if esi_at_edge else stored.get("fragments", {})
        pieces = {}
        for src, (cache_key, keys) in fragments.items():
            piece = _local.get(cache_key)
            if piece is None or piece["keys"] != keys:
                piece = found.get(cache_key)
                if piece is not None and piece["keys"] == keys:
                    _local.put(cache_key, piece)
            if (
                piece is None
                or piece["keys"] != keys
                or not _fresh_in(found, piece["started"], keys)
            ):
                piece = self.render_fragment(request, src, cache_key)
            pieces[src] = {**piece, "cache_key": cache_key}
        return self.replay(request, stored, next_publication, pieces)

    def miss(self, request, key, next_publication):
        request.page_cache = _PageState()
        # Rendered uncompressed: the stored copy serves every client (compress() below).
        accept_encoding = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        started = _render_started.set(request.page_cache.started)
        try:
            response = self.get_response(request)
        finally:
            _render_started.reset(started)
            if accept_encoding is not None:
                request.META["HTTP_ACCEPT_ENCODING"] = accept_encoding
        keys = getattr(response, "page_cache_keys", None)
        if keys is None or response.cookies or response.streaming:
            return response
        pieces = {
            src: self.fragment(request, src)
            for src in set(ESI_INCLUDE.findall(response.content.decode()))
        }
        if not request.page_cache.is_canonical(request) or not _fresh(
            request.page_cache.started, keys, just_rendered=True
        ):
            # Content changed while this page was rendering, or the address is not the
            # page's own (see canonical()): serve it, keep it nowhere.
            patch_cache_control(response, private=True, no_cache=True)
            if pieces:  # the edge will not assemble a response it may not keep
                _set_body(response, self.fill(request, response.content, pieces))
            return response
        stored = self.store(key, request, response, keys, pieces)
        response = self.replay(request, stored, next_publication, pieces)
        response["X-Page-Cache"] = "miss"
        return response

    def store(self, key, request, response, keys, pieces):
        stored = _entry(request.page_cache.started, keys, response)
        stored["fragments"] = {
            src: (piece["cache_key"], piece["keys"]) for src, piece in pieces.items()
        }
        if settings.PAGE_CACHE_SECONDS:
            cache.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
            _local.put(key, stored)
        return stored

    def replay(self, request, stored, next_publication, pieces):
        """The stored page as a response: fragments filled unless the edge does it."""
        content, etag = stored["content"], _etag(stored)
        keys = stored["keys"]
        has_fragments = b"<esi:include" in content
        esi_at_edge = _esi_at_edge(request)
        if has_fragments and not esi_at_edge:
            content, etag, keys = self.assemble(request, stored, pieces)
        response = HttpResponse(content)
        for name, value in stored["headers"]:
            response[name] = value
        if has_fragments and esi_at_edge:
            response["Surrogate-Control"] = 'content="ESI/1.0"'
        response["ETag"] = etag
        response[edge.key_header()] = " ".join(keys)
        edge_seconds = edge.lifetime()
        if next_publication:
            edge_seconds = max(1, min(edge_seconds, int(next_publication - time.time())))
        response["Cache-Control"] = f"public, max-age=0, s-maxage={edge_seconds}"
        if etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Cache-Control"):
                not_modified[header] = response[header]
            return not_modified
        return self.compress(request, response)

    def assemble(self, request, stored, pieces):
        """(content, ETag, sorted keys) of the page with its fragments filled in; the same
        page and fragments (content and keys) give the same answer, so each is assembled
        once per process."""
        memo = (
            _etag(stored),
            tuple(stored["keys"]),
            *sorted((src, _etag(piece), tuple(piece["keys"])) for src, piece in pieces.items()),
        )
        assembled = self.assembled.get(memo)
        if assembled is None:
            content = self.fill(request, stored["content"], pieces)
            keys = set(stored["keys"])
            for piece in pieces.values():
                keys.update(piece["keys"])
            assembled = (content, _etag_of(content), sorted(keys))
            self.assembled[memo] = assembled
        return assembled

    def fill(self, request, content, pieces):
        """Each ``<esi:include>`` replaced by its fragment (rendered if not at hand)."""

        def piece(match):
            src = match[1]
            if src not in pieces:
                pieces[src] = self.fragment(request, src)
            return pieces[src]["content"].decode()

        return ESI_INCLUDE.sub(piece, content.decode()).encode()

    def fragment(self, request, src):
        """A fragment's entry: from the cache while fresh, else rendered and kept."""
        cache_key = _key_for(_FragmentRequest(request, src), ())
        piece = _local.get(cache_key) or cache.get(cache_key)
        if piece is not None and _fresh(piece["started"], piece["keys"]):
            _local.put(cache_key, piece)
            return {**piece, "cache_key": cache_key}
        return self.render_fragment(request, src, cache_key)

    def render_fragment(self, request, src, cache_key):
        sub = _FragmentRequest(request, src)
        sub.page_cache = _PageState()
        response = resolve(src).func(sub)
        # The same entry as a page's: the edge also fetches the fragment as a page.
        piece = _entry(sub.page_cache.started, response.page_cache_keys, response)
        fresh = _fresh(piece["started"], piece["keys"], just_rendered=True)
        if settings.PAGE_CACHE_SECONDS and fresh:
            cache.set(cache_key, piece, timeout=settings.PAGE_CACHE_SECONDS)
            _local.put(cache_key, piece)
        return {**piece, "cache_key": cache_key}

    def compress(self, request, response):
        if "gzip" not in request.headers.get("Accept-Encoding", "") or len(response.content) < 200:
            return response
        digest = response["ETag"]
        body = self.compressed.get(digest)
        if body is None:
            body = gzip.compress(response.content, compresslevel=6, mtime=0)
            self.compressed[digest] = body
        _set_body(response, body)
        response["Content-Encoding"] = "gzip"
        response["Vary"] = "Accept-Encoding"
        response["ETag"] = f"W/{digest}"
        return response


def read_ahead(request, *, count, timeout):
    """Count ``request`` under ``count`` (created to expire after ``timeout`` seconds) in
    the round trip that also reads what the page cache needs to answer it; the count.

    For a middleware above the page cache that counts every request (the API's rate
    limit): a cached answer then costs one round trip to the cache, not two.
    """
    lookup = _lookup(request)
    found, counted = read_and_count(lookup.names if lookup else [], count, timeout=timeout)
    if lookup is not None:
        lookup.found = found
    return counted


class _Lookup:
    """What the middleware reads first for one request, and what it found."""

    __slots__ = ("found", "key", "local", "names")

    def __init__(self, key, local, names):
        self.key, self.local, self.names, self.found = key, local, names, None


def _lookup(request):
    """The first read for ``request`` (None: not a page the cache answers), made once."""
    if "_page_cache_lookup" in request.__dict__:
        return request._page_cache_lookup
    if _unrecorded or _schedule_unrecorded:
        _record_unrecorded()
    lookup = None
    if _cacheable_request(request) and (view := _public_view(request.path_info)) is not None:
        key = _key_for(request, view.page_cache_params)
        names = [NEXT_PUBLICATION, SCHEDULE, GENERATION]
        local = _local.get(key) if settings.PAGE_CACHE_SECONDS else None
        if local is not None:
            names += _names_to_check(local, _esi_at_edge(request))
        elif settings.PAGE_CACHE_SECONDS:
            names.append(key)
        lookup = _Lookup(key, local, names)
    request._page_cache_lookup = lookup
    return lookup


def _names_to_check(stored, esi_at_edge):
    """The cache names a hit on ``stored`` reads: when its keys changed, and its fragments
    (unless kept here) with the times of theirs."""
    names = [KEY_PREFIX + key for key in stored["keys"]]
    fragments = {} if esi_at_edge else stored.get("fragments", {})
    for cache_key, keys in fragments.values():
        piece = _local.get(cache_key)
        if piece is None or piece["keys"] != keys:
            names.append(cache_key)
        names += [KEY_PREFIX + key for key in keys]
    return names


def _esi_at_edge(request):
    return "ESI/1.0" in request.headers.get("Surrogate-Capability", "")


def _cacheable_request(request):
    if request.method not in {"GET", "HEAD"}:
        return False
    return not any(name in request.COOKIES for name in bypass_cookies())


def _public_view(path):
    """The ``public_page`` view answering ``path``, or None."""
    urlconf = get_urlconf()
    return _public_views(path, urlconf or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=1024)
def _public_views(path, urlconf):
    # Remembered per path: resolving costs as much as the rest of a hit. The URLconf is
    # fixed while a process runs (tests that change it clear this, see below).
    try:
        match = resolve(path, urlconf)
    except Resolver404:  # the view layer answers it
        return None
    return match.func if hasattr(match.func, "page_cache_params") else None


@receiver(setting_changed)
def _forget_views(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _public_views.cache_clear()


def _key_for(request, params):
    query = sorted(
        (name, value) for name, values in request.GET.lists() if name in params for value in values
    )
    # The language is in the key so that switching LANGUAGE_CODE never serves a page
    # cached in the other language.
    address = f"{get_language()}|{request.get_host()}{request.path}?{query}"
    return f"pages:page:{hashlib.sha256(address.encode()).hexdigest()[:40]}"


def _entry(started, keys, response):
    """What the cache keeps of a rendered page or fragment."""
    return {
        "started": started,
        "keys": sorted(keys),
        "content": response.content,
        "etag": _etag_of(response.content),
        "headers": [(name, response[name]) for name in STORED_HEADERS if name in response],
        "fragments": {},
    }


def _new_generation():
    token = uuid.uuid4().hex
    cache.add(GENERATION, token, timeout=None)
    return cache.get(GENERATION) or token  # the cache is down: a new token every time


def _etag_of(content):
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def _etag(stored):
    # Entries kept before ETags were stored with them have none.
    return stored.get("etag") or _etag_of(stored["content"])


class _LocalCopies:
    """Pages and fragments this process stored or served lately, by cache name, up to
    ``size`` bytes of content.

    A copy here is served under exactly the rule the shared one is: its render started
    after the last change of every key it depends on, times read from the shared cache on
    every hit. Keeping it changes how much a hit reads (a few change times, not the page),
    never what it may serve. It expires PAGE_CACHE_SECONDS after it was first put here
    (putting the same bytes again keeps that time), the backstop for a purge that was
    lost. An entry without keys is not kept: nothing could ever show it stale.
    """

    OVERHEAD = 2048

    def __init__(self, size):
        self.size, self.used = size, 0
        self.generation = None
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, name):
        with self.lock:
            entry = self.entries.get(name)
            if entry is None:
                return None
            stored, expires = entry
            if time.time() >= expires:
                self._drop(name)
                return None
            self.entries.move_to_end(name)
            return stored

    def put(self, name, stored):
        # What a copy costs in memory besides its bytes (the dict, headers, keys, the
        # OrderedDict slot): about 2 KB measured, so a flood of tiny answers (an empty API
        # page per polled timestamp) stays bounded too.
        size = len(stored["content"]) + self.OVERHEAD
        if not stored["keys"] or not settings.PAGE_CACHE_SECONDS or size > self.size // 16:
            return
        with self.lock:
            expires = time.time() + settings.PAGE_CACHE_SECONDS
            if (kept := self.entries.get(name)) and kept[0]["content"] == stored["content"]:
                expires = kept[1]  # the same bytes put again: the backstop still runs
            self._drop(name)
            self.entries[name] = (stored, expires)
            self.used += size
            while self.used > self.size:
                self._drop(next(iter(self.entries)))

    def discard(self, name):
        with self.lock:
            self._drop(name)

    def follow(self, generation):
        """Forget every copy if the shared cache is not the one they were kept beside;
        True if that happened."""
        if generation == self.generation:
            return False
        with self.lock:
            self.entries.clear()
            self.used = 0
            self.generation = generation
        return True

    def _drop(self, name):
        entry = self.entries.pop(name, None)
        if entry is not None:
            self.used -= len(entry[0]["content"]) + self.OVERHEAD


_local = _LocalCopies(LOCAL_COPIES_BYTES)


def _set_body(response, body):
    """Replace a response's body; a Content-Length set below (CommonMiddleware) follows it,
    or a client reads a page cut short or waits for bytes that never come."""
    response.content = body
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


class _FragmentRequest(HttpRequest):
    """A bare GET for a fragment URL, on the host of the page that includes it."""

    def __init__(self, request, src):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = src
        self.META = {
            "HTTP_HOST": request.get_host(),
            "SERVER_NAME": request.META.get("SERVER_NAME", "localhost"),
            "SERVER_PORT": request.META.get("SERVER_PORT", "80"),
            "wsgi.url_scheme": request.scheme,
        }

    def _get_scheme(self):
        return self.META["wsgi.url_scheme"]


class _LRU(OrderedDict):
    """Compressed bodies by ETag, per process: a hit compresses nothing."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def get(self, key):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return None

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)
