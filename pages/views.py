from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from newsroom import pagecache

from . import pagekeys
from .models import Page


def can_preview(request):
    """Staff who edit pages also see unpublished ones (never from or into a cache)."""
    # Anonymous page-cache renders never look at the session (it would add Vary: Cookie).
    if getattr(request, "page_cache", None):
        return False
    return request.user.has_perm("pages.change_page")


def page_detail(request, slug):
    pages = Page.objects.all() if can_preview(request) else Page.objects.published()
    page = get_object_or_404(pages, slug=slug)
    pagecache.depends_on(request, pagekeys.page(page.pk))
    response = render(request, "pages/page_detail.html", {"page": page})
    if not page.is_published:
        add_never_cache_headers(response)
    return response
