"""Anything readers can see changed: purge the cached pages that show it.

Purges wait for the transaction to commit (``newsroom.pagecache.purge``).
"""

from datetime import UTC, datetime, timedelta

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import Signal
from django.utils import timezone
from taggit.models import Tag

from newsroom import pagecache

from . import pagekeys
from .library import LibraryImage, follow_item
from .models import (
    Article,
    Author,
    BreakingNews,
    Category,
    Correction,
    Source,
    TaggedArticle,
    TopStory,
)

# Sent by ``manage.py load_demo`` once the demo articles exist (argument: ``stdout``), so
# that other apps add their own demo content.
demo_loaded = Signal()


def _article_before(sender, instance, **kwargs):
    """Remember what the article was, so that the lists it leaves are purged too."""
    instance._cache_before = (
        Article.objects.filter(pk=instance.pk).values("status", "published_at", "source_id").first()
        if instance.pk
        else None
    )


def _was_or_is_public(instance):
    before = getattr(instance, "_cache_before", None) or {}
    return Article.Status.PUBLISHED in (instance.status, before.get("status"))


def _article_saved(sender, instance, **kwargs):
    keys = {pagekeys.article(instance.pk)}
    before = getattr(instance, "_cache_before", None) or {}
    if _was_or_is_public(instance):
        keys |= pagekeys.lists_showing(instance)
        if before.get("source_id"):
            keys.add(pagekeys.source(before["source_id"]))
    pagecache.purge(*keys)
    if (
        before.get("published_at") != instance.published_at
        or before.get("status") != instance.status
    ):
        pagecache.schedule_changed()


def _article_deleted(sender, instance, **kwargs):
    keys = {pagekeys.article(instance.pk), pagekeys.ARTICLES}
    if instance.source_id:
        keys.add(pagekeys.source(instance.source_id))
    pagecache.purge(*keys)
    pagecache.schedule_changed()


def _relations_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Categories, authors or tags of an article changed (either side of the relation)."""
    if not action.startswith(("pre_", "post_")) or action == "pre_add":
        return
    articles = [instance] if isinstance(instance, Article) else None
    if articles is None:
        # Changed from the other side (a category's articles): each article in pk_set.
        articles = Article.objects.filter(pk__in=pk_set or [])
    for item in articles:
        if item.status == Article.Status.PUBLISHED:
            pagecache.purge(pagekeys.article(item.pk), *pagekeys.lists_showing(item))
        else:
            pagecache.purge(pagekeys.article(item.pk))


def _name_changed(sender, instance, created, **kwargs):
    """A section, tag, source or author renamed: its name is on many pages."""
    if created and sender is not Category:  # nothing shows a new tag, source or author yet
        return
    pagecache.purge(pagekeys.TAXONOMY)


def _name_deleted(sender, instance, **kwargs):
    pagecache.purge(pagekeys.TAXONOMY)


def _correction_changed(sender, instance, created=False, **kwargs):
    """A correction is news about the article: it counts as an update (feeds and
    dateModified say so) and every page showing the article is purged."""
    if created:
        Article.objects.filter(pk=instance.article_id).update(updated_at=instance.created_at)
    article = Article.objects.filter(pk=instance.article_id).first()
    keys = {pagekeys.article(instance.article_id), pagekeys.CORRECTIONS}
    if article is not None and article.status == Article.Status.PUBLISHED:
        keys |= pagekeys.lists_showing(article)
    pagecache.purge(*keys)


LIBRARY_WORDS = ("alt", "caption", "credit")


def _library_image_before(sender, instance, **kwargs):
    instance._words_before = (
        LibraryImage.objects.filter(pk=instance.pk).values(*LIBRARY_WORDS).first() or {}
        if instance.pk
        else {}
    )


def _library_image_saved(sender, instance, created, **kwargs):
    """A library image's words changed: the articles following its words take them, and
    every page showing the picture is purged (its caption and credit are on them)."""
    if created:
        return
    before = getattr(instance, "_words_before", {})
    if all(before.get(field) == getattr(instance, field) for field in LIBRARY_WORDS):
        return  # a new focal point: the renditions task purges once the crops exist
    follow_item(instance, before)
    keys = [pagekeys.article(pk) for pk in instance.articles_showing().values_list("pk", flat=True)]
    if keys:
        pagecache.purge(*keys)


def _top_stories_changed(sender, instance, **kwargs):
    pagecache.purge(pagekeys.FRONT_PAGE)


def _banner_changed(sender, instance, **kwargs):
    pagecache.purge(pagekeys.BREAKING)
    pagecache.schedule_changed()


def _next_publication():
    """The next time a page changes by the clock alone: a scheduled story goes live, or a
    breaking-news banner starts or expires. Edge lifetimes never run past it."""
    now = timezone.now()
    times = [
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first(),
        BreakingNews.objects.filter(starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first(),
        BreakingNews.objects.filter(expires_at__gt=now)
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
        .first(),
    ]
    upcoming = min((when for when in times if when), default=None)
    # 0 means "nothing scheduled", so that the value itself can be cached.
    return upcoming.timestamp() if upcoming else 0


def _due_keys(since_timestamp):
    start = datetime.fromtimestamp(since_timestamp, tz=UTC) - timedelta(seconds=1)
    return pagekeys.due_between(start, timezone.now())


def connect():
    pre_save.connect(_article_before, sender=Article, dispatch_uid="pages-article-before")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="pages-article-saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="pages-article-deleted")
    for model in (Category, Source, Author, Tag):
        post_save.connect(_name_changed, sender=model, dispatch_uid=f"pages-name-{model.__name__}")
        post_delete.connect(
            _name_deleted, sender=model, dispatch_uid=f"pages-name-del-{model.__name__}"
        )
    # taggit sends m2m_changed with the through model as sender, as Django does.
    for through in (Article.categories.through, Article.authors.through, TaggedArticle):
        m2m_changed.connect(_relations_changed, sender=through, dispatch_uid=f"pages-m2m-{through}")
    post_save.connect(_correction_changed, sender=Correction, dispatch_uid="pages-correction")
    post_delete.connect(_correction_changed, sender=Correction, dispatch_uid="pages-correction-del")

    pre_save.connect(
        _library_image_before, sender=LibraryImage, dispatch_uid="pages-library-before"
    )
    post_save.connect(_library_image_saved, sender=LibraryImage, dispatch_uid="pages-library-saved")

    for model, receiver in ((TopStory, _top_stories_changed), (BreakingNews, _banner_changed)):
        post_save.connect(receiver, sender=model, dispatch_uid=f"pages-{model.__name__}-saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"pages-{model.__name__}-deleted")
    pagecache.register_publication_hooks(due_keys=_due_keys, next_publication=_next_publication)
