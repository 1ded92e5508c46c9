"""
Old addresses (``OldAddress``) answered with a permanent redirect.

Two kinds of old link reach us. A path that no view of ours answers
(``/category/news/local/``, ``/about/team/``) is looked up when the site's answer is a
404, so the lookup costs nothing on pages that exist. WordPress's query links on the
home page (``/?p=123``, ``/?cat=4``) are answered before the page cache, which would
otherwise serve the home page for them (it ignores parameters the home page does not
read). Changed article slugs stay with ``ArticleRedirect``, which the article view reads.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from taggit.models import Tag

from .models import OldAddress

# WordPress's query links, in the order WordPress reads them.
QUERY_LINKS = ("p", "page_id", "cat", "tag", "author")


def query_path(request):
    """``/?p=123`` for a home-page request carrying a WordPress query link, else None."""
    if request.path != "/":
        return None
    for name in QUERY_LINKS:
        value = request.GET.get(name)
        if value:
            return f"/?{name}={value}"
    return None


def address_of(target):
    if isinstance(target, Tag):
        return reverse("articles:tag", kwargs={"slug": target.slug})
    return target.get_absolute_url()


def redirect_for(path):
    """A permanent redirect from ``path`` to what now stands there, or None."""
    old = OldAddress.objects.filter(path=path[:500]).select_related("content_type").first()
    target = old.target if old else None
    if target is None:  # unknown, or what it pointed at was deleted since
        return None
    return HttpResponsePermanentRedirect(address_of(target))


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        linked = query_path(request)
        if linked:
            return redirect_for(linked) or self.get_response(request)
        response = self.get_response(request)
        if response.status_code == 404:
            return redirect_for(request.path) or response
        return response
