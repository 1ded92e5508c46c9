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


# schema.org's types for each kind of article (Google reads the NewsArticle subtypes).
SCHEMA_TYPES = {
    "news": "NewsArticle",
    "opinion": "OpinionNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "review": "ReviewNewsArticle",
    "sponsored": "AdvertiserContentArticle",
}


def share_image(article):
    """The image for social cards: the social image if set, else the featured image."""
    if article.social_image:
        return article.social_image, article.social_image_width, article.social_image_height
    if article.image:
        return article.image, article.image_width, article.image_height
    return None, None, None


def news_article(article, request):
    """The schema.org NewsArticle (or subtype) for ``article``, as a dict ready for JSON."""
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
        "@type": SCHEMA_TYPES.get(article.kind, "NewsArticle"),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.seo_description or article.standfirst,
        "isBasedOn": article.canonical_url,
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
    image, _, _ = share_image(article)
    if image:
        data["image"] = [request.build_absolute_uri(image.url)]
    if article.kind == "sponsored" and article.sponsor:
        data["sponsor"] = {"@type": "Organization", "name": article.sponsor}
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def author_photo_url(author):
    """The largest square rendition of an author's photo (the original until it exists)."""
    if author.photo_renditions_current():
        name = author.photo_renditions["portrait"]["jpeg"][-1][1]
        return author.photo.storage.url(name)
    return author.photo.url


def author_profile(author, request):
    """The schema.org ProfilePage of an author page."""
    url = request.build_absolute_uri(author.get_absolute_url())
    person = {
        "@type": "Person",
        "name": author.name,
        "url": url,
        "jobTitle": author.role,
        "description": author.bio,
        "email": f"mailto:{author.email}" if author.email else "",
        "image": request.build_absolute_uri(author_photo_url(author)) if author.photo else "",
        "sameAs": [author.website] * bool(author.website)
        + [link for _, link in author.social_profiles()],
    }
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": {key: value for key, value in person.items() if value not in ("", [])},
    }
