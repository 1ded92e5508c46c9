from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from taggit.models import Tag

from newsroom.pagecache import depends_on

from . import pagekeys
from .models import Article, Author, Category, Correction, Source

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """RSS 2.0 of the newest published articles; subclasses narrow it to one archive."""

    def get_object(self, request, *args, **kwargs):
        depends_on(request, pagekeys.ARTICLES, pagekeys.TAXONOMY)
        return None

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj}" if obj else settings.SITE_NAME

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse("articles:index")

    def description(self, obj=None):
        if obj:
            return gettext("The latest from %(site)s: %(subject)s.") % {
                "site": settings.SITE_NAME,
                "subject": obj,
            }
        return gettext("The latest from %(site)s.") % {"site": settings.SITE_NAME}

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(item.byline_names) or None

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        category = get_object_or_404(Category, slug=slug)
        depends_on(request, pagekeys.section(category.pk), pagekeys.TAXONOMY)
        return category

    def articles(self, obj):
        return Article.objects.published().in_section(obj)


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        depends_on(request, pagekeys.tag(tag.pk), pagekeys.TAXONOMY)
        return tag

    def link(self, obj=None):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class SourceFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        source = get_object_or_404(Source, slug=slug)
        depends_on(request, pagekeys.source(source.pk), pagekeys.TAXONOMY)
        return source

    def articles(self, obj):
        return Article.objects.published().filter(source=obj)


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        depends_on(request, pagekeys.author(author.pk), pagekeys.TAXONOMY)
        return author

    def articles(self, obj):
        return Article.objects.published().filter(authors=obj)


def atom(feed_class):
    """The Atom 1.0 twin of an RSS feed class."""
    return type(
        f"{feed_class.__name__}Atom",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )


class CorrectionsFeed(Feed):
    """RSS 2.0 of the newest corrections, each linking to its article."""

    def get_object(self, request, *args, **kwargs):
        depends_on(request, pagekeys.CORRECTIONS, pagekeys.ARTICLES)
        return None

    def title(self):
        return f"{settings.SITE_NAME}: corrections"

    def link(self):
        return reverse("articles:corrections")

    def description(self):
        return f"Every correction {settings.SITE_NAME} has published, newest first."

    def items(self):
        return Correction.objects.published()[:FEED_LENGTH]

    def item_title(self, item):
        return f"Correction: {item.article.headline}"

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return item.article.get_absolute_url()

    def item_guid(self, item):
        return f"correction-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at
