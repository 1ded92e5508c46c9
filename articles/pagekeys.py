"""The surrogate keys of the articles app: what a cached page shows, named.

Pages declare the keys they show (``newsroom.pagecache.depends_on``); ``signals.py`` purges
the keys a change touches. A list key names a list of articles (``articles`` is every
newest-first list: home, feeds, sitemaps, date archives; ``section:7`` the archive of
section 7 and its subsections); ``article:12`` is the article's own page and every box
naming it; ``taxonomy`` is the names of sections, tags, sources and authors, shown in the
navigation and on every card. ``front-page`` is the editors' top stories, ``breaking``
the breaking-news banner.
"""

from django.db import models

from .models import Article, BreakingNews

ARTICLES = "articles"
TAXONOMY = "taxonomy"
CORRECTIONS = "corrections"  # the corrections page and its feed
FRONT_PAGE = "front-page"  # the editors' choice of top stories
BREAKING = "breaking"  # the breaking-news banner (an ESI fragment on every page)


def article(pk):
    return f"article:{pk}"


def section(pk):
    return f"section:{pk}"


def tag(pk):
    return f"tag:{pk}"


def source(pk):
    return f"source:{pk}"


def author(pk):
    return f"author:{pk}"


def lists_showing(article_obj, *, sections=None, tags=None, authors=None):
    """The list keys of every list ``article_obj`` appears in."""
    if sections is None:
        sections = article_obj.categories.values_list("pk", "parent_id")
    if tags is None:
        tags = article_obj.tags.values_list("pk", flat=True)
    if authors is None:
        authors = article_obj.authors.values_list("pk", flat=True)
    keys = {ARTICLES}
    for pk, parent_id in sections:
        keys.add(section(pk))
        if parent_id:
            keys.add(section(parent_id))
    keys.update(tag(pk) for pk in tags)
    keys.update(author(pk) for pk in authors)
    if article_obj.source_id:
        keys.add(source(article_obj.source_id))
    return keys


def due_between(start, end):
    """Keys to purge for the scheduled articles that went live in (start, end], and for
    breaking-news banners that started or expired then."""
    keys = set()
    due = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=start, published_at__lte=end
    )
    for item in due.prefetch_related("categories", "tags", "authors"):
        keys |= {article(item.pk)} | lists_showing(
            item,
            sections=[(c.pk, c.parent_id) for c in item.categories.all()],
            tags=[t.pk for t in item.tags.all()],
            authors=[a.pk for a in item.authors.all()],
        )
    changed_banners = BreakingNews.objects.filter(
        models.Q(starts_at__gt=start, starts_at__lte=end)
        | models.Q(expires_at__gt=start, expires_at__lte=end)
    )
    if changed_banners.exists():
        keys.add(BREAKING)
    return keys or {ARTICLES}
