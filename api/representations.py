"""Model instances as the API shows them (the shapes are in ``schemas.py``)."""

from django.urls import reverse


def absolute(request, url):
    return request.build_absolute_uri(url)


def named(obj):
    return {"id": obj.pk, "name": obj.name, "slug": obj.slug}


def image(request, article):
    """The featured image with every rendition made (as ``{% picture %}`` builds its
    srcsets), or None."""
    if not article.image:
        return None
    storage = article.image.storage
    made = article.image_renditions if article.renditions_current() else {}
    renditions = {}
    for kind in ("full", "card"):
        entry = made.get(kind)
        if entry:
            renditions[kind] = {
                "width": entry["width"],
                "height": entry["height"],
                **{
                    extension: [
                        {"width": width, "url": absolute(request, storage.url(name))}
                        for width, name in entry[extension]
                    ]
                    for extension in ("webp", "jpeg")
                },
            }
    return {
        "url": absolute(request, article.image.url),
        "width": article.image_width,
        "height": article.image_height,
        "alt": article.image_alt,
        "caption": article.image_caption,
        "credit": article.image_credit,
        "focal_point": list(article.image_focus()),
        "renditions": renditions,
    }


# The article columns ``article_summary`` reads: a list loads only these (and the source).
SUMMARY_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "kind",
    "byline",
    "published_at",
    "created_at",  # the address of an article without a publication time
    "updated_at",
    "image",
    "image_width",
    "image_height",
    "image_focus_x",
    "image_focus_y",
    "image_renditions",
    "image_alt",
    "image_caption",
    "image_credit",
    "source__name",
    "source__slug",
)


def article_summary(request, article):
    """Needs ``for_listing()``'s prefetches (sections, authors, source)."""
    return {
        "id": article.pk,
        "url": absolute(request, article.get_absolute_url()),
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "kind": article.kind,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "sections": [named(category) for category in article.categories.all()],
        "authors": [named(author) for author in article.authors.all()],
        "byline": article.byline_names,
        "source": named(article.source) if article.source_id else None,
        "image": image(request, article),
    }


def article_detail(request, article, *, comments_open):
    return {
        **article_summary(request, article),
        "body_html": article.body,
        "sponsor": article.sponsor,
        "tags": [named(tag) for tag in article.tags.all()],
        "corrections": [
            {"kind": item.kind, "text": item.text, "created_at": item.created_at}
            for item in article.corrections.all()
        ],
        "original_url": article.canonical_url,
        "comments_open": comments_open,
        "comment_count": article.approved_comment_count,
    }


def section(request, category):
    return {
        **named(category),
        "url": absolute(request, category.get_absolute_url()),
        "parent_id": category.parent_id,
        "description": category.description,
    }


def tag(request, item):
    return {**named(item), "url": absolute(request, reverse("articles:tag", args=[item.slug]))}


def source(request, item):
    return {
        **named(item),
        "url": absolute(request, item.get_absolute_url()),
        "website": item.website,
        "description": item.description,
    }


def author(request, item):
    photo = absolute(request, item.photo.url) if item.photo else None
    return {
        **named(item),
        "url": absolute(request, item.get_absolute_url()),
        "role": item.role,
        "bio": item.bio,
        "photo": photo,
        "public_email": item.email,
        "website": item.website,
        "social_links": item.social_links.split(),
    }


def comment(item):
    """Never the email, IP address or user agent."""
    return {
        "id": item.pk,
        "parent_id": item.parent_id,
        "depth": item.depth,
        "name": item.name,
        "website": item.website,
        "body": item.body,
        "submitted_at": item.submitted_at,
        "is_staff_reply": item.is_staff_reply,
    }
