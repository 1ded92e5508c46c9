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
"""

import functools
import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from . import edge

NEXT_PUBLICATION = "pages:next-publication"
KEY_PREFIX = "pages:key:"
# A change is dated this much later than its server's clock says, so that app servers
# whose clocks differ by less never keep a page rendered before it.
CLOCK_MARGIN = 0.25
# Response headers kept with a page and sent again on every hit.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
ESI_INCLUDE = re.compile(r'<esi:include src="([^"]+)"\s*/>')
FRAGMENT_PREFIX = "/fragments/"

_bypass_cookies = set()
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


def _purge_now(keys):
    changed_at = time.time() + CLOCK_MARGIN
    cache.set_many({KEY_PREFIX + key: changed_at for key in keys}, timeout=None)
    edge.purge(keys)


def remember(name, compute, *, depends=("articles",)):
    """``compute()``, kept until one of ``depends`` is purged."""
    started = time.time()
    stored = cache.get(f"pages:value:{name}")
    if stored is not None and _fresh(stored["started"], depends):
        return stored["value"]
    value = compute()
    # Not just_rendered: a key recorded now would postdate the page being rendered around
    # this value, and that page could then never be stored.
    if _fresh(started, depends, record_missing=False):
        cache.set(f"pages:value:{name}", {"started": started, "value": value}, timeout=3600)
    return value


def _fresh(started, keys, *, just_rendered=False, record_missing=True):
    """True if nothing in ``keys`` changed since ``started``.

    A key with no recorded change (new, or evicted from the cache) cannot vouch for a page
    kept earlier, so on a read it counts as changed now. A page that has just been rendered
    needs no such vouching: the key is recorded as changed just before its render began.
    """
    if not keys:
        return True
    names = [KEY_PREFIX + key for key in keys]
    changes = cache.get_many(names)
    missing = [name for name in names if name not in changes]
    if missing and not record_missing:
        return False
    for name in missing:
        changes[name] = started - 1e-6 if just_rendered else time.time()
        cache.add(name, changes[name], timeout=None)
    return all(changed_at < started for changed_at in changes.values())


# Scheduled publication.


def _publish_due(next_publication):
    """Called when a scheduled story is due: purge what it changes."""
    if _due_publications is not None:
        _purge_now(set(_due_publications(next_publication)))
    cache.set(NEXT_PUBLICATION, _next_publication(), timeout=None)


def schedule_changed():
    """Scheduled times changed (after commit): look up the next one afresh."""
    after_commit(lambda: cache.set(NEXT_PUBLICATION, _next_publication(), timeout=None))


# The middleware.


class _PageState:
    __slots__ = ("keys", "started")

    def __init__(self):
        self.keys = set()
        self.started = time.time()


class PageCacheMiddleware:
    """Serve and store ``public_page`` responses for anonymous GETs (see the module doc).

    It sits near the top of the stack, so a hit costs no session, CSRF or template work.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.assembled = _LRU(256)

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        view = self.public_view(request)
        if view is None:
            return self.get_response(request)
        key = self.key_for(request, view.page_cache_params)
        next_publication = self.next_publication()
        stored = cache.get(key) if settings.PAGE_CACHE_SECONDS else None
        if stored is not None and _fresh(stored["started"], stored["keys"]):
            response = self.replay(request, stored, next_publication)
            response["X-Page-Cache"] = "hit"
            return response
        request.page_cache = _PageState()
        # Rendered uncompressed: the stored copy serves every client (compress() below).
        accept_encoding = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        response = self.get_response(request)
        if accept_encoding is not None:
            request.META["HTTP_ACCEPT_ENCODING"] = accept_encoding
        keys = getattr(response, "page_cache_keys", None)
        if keys is None or response.cookies or response.streaming:
            return response
        if not _fresh(request.page_cache.started, keys, just_rendered=True):
            # Content changed while this page was rendering: serve it, keep it nowhere,
            # with its fragments filled (no edge cache will assemble a private page).
            patch_cache_control(response, private=True, no_cache=True)
            if b"<esi:include" in response.content:
                response.content = self.assemble(request, response.content, keys)[0]
            return response
        stored = self.store(key, request, response, keys)
        response = self.replay(request, stored, next_publication)
        response["X-Page-Cache"] = "miss"
        return response

    def cacheable_request(self, request):
        if request.method not in {"GET", "HEAD"}:
            return False
        return not any(name in request.COOKIES for name in bypass_cookies())

    def public_view(self, request):
        try:
            match = resolve(request.path_info)
        except Resolver404:  # the view layer answers it
            return None
        return match.func if hasattr(match.func, "page_cache_params") else None

    def key_for(self, request, params):
        query = sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name in params
            for value in values
        )
        address = f"{request.get_host()}{request.path}?{query}"
        return f"pages:page:{hashlib.sha256(address.encode()).hexdigest()[:40]}"

    def next_publication(self):
        upcoming = cache.get(NEXT_PUBLICATION)
        if upcoming is None:
            upcoming = _next_publication()
            cache.set(NEXT_PUBLICATION, upcoming, timeout=None)
        elif upcoming and time.time() >= upcoming:
            _publish_due(upcoming)
            upcoming = cache.get(NEXT_PUBLICATION) or 0
        return upcoming

    def store(self, key, request, response, keys):
        stored = {
            "started": request.page_cache.started,
            "keys": sorted(keys),
            "content": response.content,
            "headers": [(name, response[name]) for name in STORED_HEADERS if name in response],
        }
        if settings.PAGE_CACHE_SECONDS:
            cache.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
        return stored

    def replay(self, request, stored, next_publication):
        """The stored page as a response: fragments filled unless the edge does it."""
        content = stored["content"]
        keys = stored["keys"]
        esi_at_edge = "ESI/1.0" in request.headers.get("Surrogate-Capability", "")
        has_fragments = b"<esi:include" in content
        if has_fragments and not esi_at_edge:
            content, keys = self.assemble(request, content, keys)
        response = HttpResponse(content)
        for name, value in stored["headers"]:
            response[name] = value
        if has_fragments and esi_at_edge:
            response["Surrogate-Control"] = 'content="ESI/1.0"'
        etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        response["ETag"] = etag
        response[edge.key_header()] = " ".join(sorted(keys))
        edge_seconds = edge.lifetime()
        if next_publication:
            edge_seconds = max(1, min(edge_seconds, int(next_publication - time.time())))
        patch_cache_control(response, public=True, max_age=0, s_maxage=edge_seconds)
        if etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Cache-Control"):
                not_modified[header] = response[header]
            return not_modified
        return self.compress(request, response)

    def assemble(self, request, content, keys):
        """Fill each ``<esi:include>`` from the fragment's own cached copy."""
        all_keys = set(keys)
        pieces = {}
        for src in set(ESI_INCLUDE.findall(content.decode())):
            fragment = self.fragment(request, src)
            pieces[src] = fragment["content"]
            all_keys.update(fragment["keys"])
        text = ESI_INCLUDE.sub(lambda match: pieces[match[1]].decode(), content.decode())
        return text.encode(), sorted(all_keys)

    def fragment(self, request, src):
        key = self.key_for(_FragmentRequest(request, src), ())
        stored = cache.get(key)
        if stored is not None and _fresh(stored["started"], stored["keys"]):
            return stored
        sub = _FragmentRequest(request, src)
        sub.page_cache = _PageState()
        response = resolve(src).func(sub)
        keys = response.page_cache_keys
        if not _fresh(sub.page_cache.started, keys, just_rendered=True):
            return {"content": response.content, "keys": sorted(keys)}  # changed meanwhile
        return self.store(key, sub, response, keys)

    def compress(self, request, response):
        if "gzip" not in request.headers.get("Accept-Encoding", "") or len(response.content) < 200:
            return response
        digest = response["ETag"]
        body = self.assembled.get(digest)
        if body is None:
            body = gzip.compress(response.content, compresslevel=6, mtime=0)
            self.assembled[digest] = body
        response.content = body
        response["Content-Encoding"] = "gzip"
        response["Vary"] = "Accept-Encoding"
        response["ETag"] = f"W/{digest}"
        return response


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
