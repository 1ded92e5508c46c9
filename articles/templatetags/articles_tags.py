from django import template

from articles.models import Article, Category

register = template.Library()


@register.inclusion_tag("articles/includes/category_nav.html")
def category_nav():
    """The main sections, for the site header."""
    return {"categories": Category.objects.filter(parent=None)}


@register.inclusion_tag("articles/includes/latest_articles.html")
def latest_articles(count=5, exclude=None):
    """The newest published headlines, for the sidebar."""
    articles = Article.objects.published()
    if exclude is not None:
        articles = articles.exclude(pk=exclude.pk)
    return {"articles": articles.only("headline", "slug", "published_at")[:count]}
