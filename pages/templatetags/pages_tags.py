from django import template
from django.db.models import Q

from newsroom import pagecache
from pages import pagekeys
from pages.models import Page

register = template.Library()


def _linked_pages():
    linked = Page.objects.published().filter(
        Q(in_header=True) | Q(in_footer=True) | Q(is_privacy_notice=True)
    )
    return [
        {
            "title": page.title,
            "url": page.get_absolute_url(),
            "in_header": page.in_header,
            "in_footer": page.in_footer,
            "is_privacy_notice": page.is_privacy_notice,
        }
        for page in linked.only(*pagekeys.LINK_FIELDS).order_by("position", "title")
    ]


def linked_pages(context):
    """The pages linked from every page: one query per render."""
    request = context.get("request")
    pagecache.depends_on(request, pagekeys.LINKS)
    if request is not None and hasattr(request, "_linked_pages"):
        return request._linked_pages
    pages = _linked_pages()
    if request is not None:
        request._linked_pages = pages
    return pages


@register.inclusion_tag("pages/includes/header_links.html", takes_context=True)
def header_page_links(context):
    return {"pages": [page for page in linked_pages(context) if page["in_header"]]}


@register.inclusion_tag("pages/includes/footer_links.html", takes_context=True)
def footer_page_links(context):
    return {"pages": [page for page in linked_pages(context) if page["in_footer"]]}


@register.simple_tag(takes_context=True)
def privacy_notice(context):
    """The published privacy notice ({"title", "url"}), or None."""
    return next((page for page in linked_pages(context) if page["is_privacy_notice"]), None)
