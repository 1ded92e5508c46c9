"""A page changed: purge the cached pages that show it (after the commit)."""

from django.db.models.signals import post_delete, post_save, pre_save

from newsroom import pagecache

from . import pagekeys
from .models import Page

# What the links on every page show: a change to one of these purges the whole site.
LINK_FIELDS = (
    "title",
    "slug",
    "is_published",
    "in_header",
    "in_footer",
    "position",
    "is_privacy_notice",
)


def _page_before(sender, instance, **kwargs):
    instance._cache_before = (
        Page.objects.filter(pk=instance.pk).values(*pagekeys.LINK_FIELDS).first()
        if instance.pk
        else None
    )


def _shows_links(values):
    return (
        bool(values)
        and values["is_published"]
        and (values["in_header"] or values["in_footer"] or values["is_privacy_notice"])
    )


def _page_saved(sender, instance, **kwargs):
    keys = {pagekeys.page(instance.pk), pagekeys.SITEMAP}
    before = getattr(instance, "_cache_before", None)
    after = {name: getattr(instance, name) for name in pagekeys.LINK_FIELDS}
    if (_shows_links(before) or _shows_links(after)) and before != after:
        keys.add(pagekeys.LINKS)
    pagecache.purge(*keys)


def _page_deleted(sender, instance, **kwargs):
    pagecache.purge(pagekeys.page(instance.pk), pagekeys.SITEMAP, pagekeys.LINKS)


def connect():
    pre_save.connect(_page_before, sender=Page, dispatch_uid="pages-page-before")
    post_save.connect(_page_saved, sender=Page, dispatch_uid="pages-page-saved")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="pages-page-deleted")
