from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from . import pagekeys
from .models import Article, Author, Category, Source

NEWS_WINDOW = timedelta(hours=48)


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "published_at", "created_at", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class ArchiveSitemap(Sitemap):
    """Archive pages, with the time of their newest article as lastmod."""

    changefreq = "hourly"
    priority = 0.5
    model = None
    articles_path = None

    def items(self):
        published = Article.objects.published().values("pk")
        return (
            self.model.objects.filter(**{f"{self.articles_path}__in": published})
            .annotate(latest=Max(f"{self.articles_path}__published_at"))
            .order_by("pk")
        )

    def lastmod(self, obj):
        return obj.latest


class CategorySitemap(ArchiveSitemap):
    model = Category
    articles_path = "articles"


class SourceSitemap(ArchiveSitemap):
    model = Source
    articles_path = "articles"


class AuthorSitemap(ArchiveSitemap):
    model = Author
    articles_path = "articles"


class TagSitemap(ArchiveSitemap):
    model = Tag
    articles_path = "articles_taggedarticle_items__content_object"

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


SITEMAPS = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
    "authors": AuthorSitemap,
}
# The surrogate keys of what the sitemaps list (read on every render, so apps can add theirs).
SITEMAP_KEYS = {pagekeys.ARTICLES, pagekeys.TAXONOMY}


def register(name, sitemap, *keys):
    """Another app's sitemap, in the index, cached under its own surrogate keys."""
    SITEMAPS[name] = sitemap
    SITEMAP_KEYS.update(keys)


def news_sitemap(request):
    """A Google News sitemap: articles published in the last 48 hours."""
    articles = (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .only("headline", "slug", "published_at", "created_at")[:1000]
    )
    return render(
        request,
        "articles/news_sitemap.xml",
        {"articles": articles},
        content_type="application/xml",
    )


def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")
