from django.shortcuts import get_object_or_404, render

from newsroom import pagecache

from . import pagekeys
from .models import Page


def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    pagecache.depends_on(request, pagekeys.page(page.pk))
    return render(request, "pages/page_detail.html", {"page": page})
