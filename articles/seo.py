"""Metadata for search engines and social cards: JSON-LD, canonical URLs, “Updated”."""

from datetime import timedelta

from django.conf import settings

# Edits within this long after publication are corrections of the first version.
UPDATE_GRACE = timedelta(minutes=10)


def was_updated(article):
    """Return True if the article was edited after it went live."""
    return bool(
        article.published_at
        and article.updated_at
        and article.updated_at - article.published_at > UPDATE_GRACE
    )


def news_article(article, request):
    """The schema.org NewsArticle for ``article``, as a dict ready for JSON."""
    url = request.build_absolute_uri(article.get_absolute_url())
    authors = [
        {
            "@type": "Person",
            "name": author.name,
            "url": request.build_absolute_uri(author.get_absolute_url()),
        }
        for author in article.authors.all()
    ] or [{"@type": "Organization", "name": article.byline or settings.SITE_NAME}]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.standfirst,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": (article.updated_at or article.published_at).isoformat()
        if (article.updated_at or article.published_at)
        else None,
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
        "articleSection": [category.name for category in article.categories.all()],
        "keywords": [tag.name for tag in article.tags.all()],
        "isAccessibleForFree": True,
    }
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": note.created_at.isoformat(),
        }
        for note in article.corrections.all()
        if note.kind == note.Kind.CORRECTION
    ]
    if corrections:
        data["correction"] = corrections
    if article.image:
        data["image"] = [request.build_absolute_uri(article.image.url)]
    return {key: value for key, value in data.items() if value not in (None, "", [])}
