"""
Whole-page caching for anonymous readers, with exact invalidation.

Views opt in with ``@public_page``. A cached page is served to any reader who
carries no session (staff), no pending-comment cookie and no saved commenter
details; everyone else gets a freshly rendered page, which is never stored.

Invalidation is by version, so it holds across every app server sharing the
cache (Redis in production):

* ``content_changed()`` bumps one generation number, part of every key: any
  article, category, tag, source or author change refreshes every page at once.
* ``page_changed(path)`` bumps the version of one page, used when comments
  change what a single article page shows.
* Scheduled articles: the generation also records when the next scheduled
  article goes live; the first request after that moment bumps the generation,
  so the article appears on time on every page, to the second, without short
  cache lifetimes or a cron job.

Pages with the comment form are stored with holes where the per-reader CSRF
token and the form's signed timestamp go; each response fills them afresh.
"""

import functools
import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control

GENERATION = "pages:generation"
NEXT_PUBLICATION = "pages:next-publication"
CSRF_HOLE = "__newsroom_csrf__"
FORM_STAMP_HOLE = "__newsroom_form_stamp_{}__"
_CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_FORM_TOKEN_FIELD = re.compile(
    r'(action="/comments/post/(\d+)/".*?name="token" value=")[^"]*(")', re.DOTALL
)
_FORM_TOKEN_HOLE = re.compile(r"__newsroom_form_stamp_(\d+)__")


def public_page(view):
    """Mark a view's successful responses as the same for every anonymous reader."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(request, "page_cache_key", None) and response.status_code == 200:
            response.page_cache_key = request.page_cache_key
        return response

    return wrapped


# Invalidation.


def content_changed():
    """Refresh every cached page: articles, sections, tags, sources or authors changed."""
    _bump(GENERATION)
    # Computed here, in the editor's request, so readers' requests need no query for it.
    cache.set(NEXT_PUBLICATION, _next_publication(), timeout=None)


def page_changed(path):
    """Refresh one page (all its query-string variants), e.g. after a comment decision."""
    _bump(f"pages:path:{path}")


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): any new value invalidates
        cache.set(key, time.time_ns(), timeout=None)


def _next_publication():
    from articles.models import Article

    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    # 0 means "nothing scheduled", so that the value itself can be cached.
    return upcoming.timestamp() if upcoming else 0


def remember(name, compute):
    """``compute()``, kept until content next changes (the generation is in the key)."""
    generation = cache.get(GENERATION)
    if generation is None:
        return compute()
    return cache.get_or_set(f"pages:{generation}:value:{name}", compute, timeout=3600)


# The middleware.


class PageCacheMiddleware:
    """Serve and store ``@public_page`` responses for anonymous GETs (see the module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key_for(request)
        if key is None:
            return self.get_response(request)
        request.page_cache_key = key
        stored = cache.get(key)
        if stored is not None:
            response = self.from_stored(request, stored)
            response["X-Page-Cache"] = "hit"
            return self.conditional(request, response, stored["etag"])
        response = self.get_response(request)
        if getattr(response, "page_cache_key", None) == key and not response.cookies:
            stored = self.store(key, response)
            response["X-Page-Cache"] = "miss"
            self.add_headers(response)
            return self.conditional(request, response, stored["etag"])
        return response

    def key_for(self, request):
        """The cache key for this request, or None if it must not use the page cache."""
        if request.method not in {"GET", "HEAD"} or not settings.PAGE_CACHE_SECONDS:
            return None
        if any(name in request.COOKIES for name in bypass_cookies()):
            return None
        if request.path.startswith(("/admin/", "/comments/", settings.MEDIA_URL)):
            return None
        path_key = f"pages:path:{request.path}"
        versions = cache.get_many([GENERATION, NEXT_PUBLICATION, path_key])
        generation = versions.get(GENERATION)
        if generation is None:
            generation = time.time_ns()
            cache.add(GENERATION, generation, timeout=None)
        next_publication = versions.get(NEXT_PUBLICATION)
        if next_publication is None:
            cache.set(NEXT_PUBLICATION, _next_publication(), timeout=None)
        elif next_publication and time.time() >= next_publication:
            # A scheduled article is due: every page that lists it must change now.
            content_changed()
            return self.key_for(request)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        return f"pages:{generation}:{versions.get(path_key, 0)}:{request.get_host()}:{digest}"

    def store(self, key, response):
        content = response.content.decode(response.charset)
        content = _CSRF_FIELD.sub(rf"\g<1>{CSRF_HOLE}\g<2>", content)
        content = _FORM_TOKEN_FIELD.sub(
            lambda match: f"{match[1]}{FORM_STAMP_HOLE.format(match[2])}{match[3]}", content
        )
        stored = {
            "content": content,
            "content_type": response["Content-Type"],
            "etag": f'"{hashlib.md5(content.encode(), usedforsecurity=False).hexdigest()}"',
        }
        cache.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
        return stored

    def from_stored(self, request, stored):
        content = stored["content"]
        if CSRF_HOLE in content:
            content = content.replace(CSRF_HOLE, get_token(request))
        if "__newsroom_form_stamp_" in content:
            from comments.rules import form_token

            content = _FORM_TOKEN_HOLE.sub(lambda match: form_token(int(match[1])), content)
        response = HttpResponse(content, content_type=stored["content_type"])
        self.add_headers(response)
        return response

    def add_headers(self, response):
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.PAGE_CACHE_CDN_SECONDS,
            stale_while_revalidate=30,
        )

    def conditional(self, request, response, etag):
        # The ETag names the stored page and the hour: a page kept by a browser is good
        # for an hour, well inside the comment form's two-hour token.
        etag = f'{etag[:-1]}-{int(time.time() // 3600)}"'
        response["ETag"] = etag
        if etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Cache-Control", "X-Page-Cache"):
                not_modified[header] = response[header]
            return not_modified
        return response


def bypass_cookies():
    """Cookies that make a page personal: staff sessions and readers' own comments."""
    from comments.display import AUTHOR_COOKIE, DRAFT_COOKIE, OWN_COOKIE

    return (settings.SESSION_COOKIE_NAME, OWN_COOKIE, AUTHOR_COOKIE, DRAFT_COOKIE)
