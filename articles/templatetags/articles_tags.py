import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import pagekeys
from articles.library import LibraryImage, ids_in_body
from articles.models import Article, BreakingNews, Category
from newsroom import pagecache

register = template.Library()

# <, > and & in JSON inside a <script> element, as django.utils.html.json_script escapes them.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("articles/includes/category_nav.html", takes_context=True)
def category_nav(context):
    """The main sections, for the site header."""
    pagecache.depends_on(context.get("request"), pagekeys.TAXONOMY)
    return {"categories": Category.objects.filter(parent=None)}


def latest_context(count=5):
    """The newest published headlines, for the sidebar."""
    articles = Article.objects.published().only("headline", "slug", "published_at")
    return {"articles": articles[:count]}


@register.simple_tag(takes_context=True)
def latest_box(context):
    """The "Latest" box: a fragment of its own on shared pages (see newsroom/pagecache.py),
    so a new story does not make every page that shows the box render again."""
    request = context.get("request")
    if pagecache.is_shared_render(request):
        return format_html('<esi:include src="{}"/>', reverse("articles:latest"))
    return render_to_string("articles/includes/latest_articles.html", latest_context())


def breaking_context():
    """The live breaking-news banner, newest first, with the story it links to."""
    live = BreakingNews.objects.live().select_related("article")
    banner = live.first()
    if banner and banner.article and not banner.article.is_published():
        banner.article = None  # never a link to a story readers cannot open
    return {"banner": banner}


@register.simple_tag(takes_context=True)
def breaking_news(context):
    """The breaking-news banner: a fragment of its own on shared pages, so raising or
    ending it purges one small fragment, not every page (see ``latest_box``)."""
    request = context.get("request")
    if pagecache.is_shared_render(request):
        return format_html('<esi:include src="{}"/>', reverse("articles:breaking"))
    return render_to_string("articles/includes/breaking.html", breaking_context())


@register.simple_tag
def ld_json(data):
    """Render ``data`` as a JSON-LD script element, safe inside HTML.

    A data block is not script: CSP does not apply, so it carries no per-response nonce
    and the page stays the same for every reader.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    escaped = payload.translate(_SCRIPT_ESCAPES)
    script = '<script type="application/ld+json">{}</script>'
    return format_html(script, mark_safe(escaped))  # nosec B308 B703


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with ``page`` set to ``number``, other parameters kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """``url`` made absolute on this site; a URL that already is (object storage, CDN) stays."""
    return context["request"].build_absolute_uri(url)


def picture_context(made, *, url, width, height, storage):
    """What ``picture.html`` needs: ``made`` is one kind of renditions
    (articles/renditions.py), or nothing yet, when the original is shown."""
    if not made:
        return {"src": url, "width": width, "height": height}

    def srcset(extension):
        return ", ".join(f"{storage.url(name)} {width}w" for width, name in made[extension])

    fallback = next((name for width, name in made["jpeg"] if width >= 640), made["jpeg"][-1][1])
    return {
        "src": storage.url(fallback),
        "webp_srcset": srcset("webp"),
        "jpeg_srcset": srcset("jpeg"),
        "width": made["width"],
        "height": made["height"],
    }


@register.inclusion_tag("articles/includes/picture.html")
def picture(article, kind, sizes, *, alt="", lazy=True, priority=False):
    """``article``'s image as a ``<picture>``: WebP with a JPEG fallback at every width
    made (articles/renditions.py), ``width``/``height`` so nothing shifts as it loads.
    Before the renditions exist, the original."""
    made = (article.image_renditions or {}).get(kind) if article.renditions_current() else None
    return {
        "alt": alt,
        "sizes": sizes,
        "lazy": lazy and not priority,
        "priority": priority,
        **picture_context(
            made,
            url=article.image.url,
            width=article.image_width,
            height=article.image_height,
            storage=article.image.storage,
        ),
    }


_BODY_FIGURE = re.compile(r"<figure>(<img [^>]*>)(?:<figcaption>(.*?)</figcaption>)?</figure>")
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
BODY_SIZES = "(min-width: 60rem) 42rem, calc(100vw - 2rem)"


@register.simple_tag
def article_body(article):
    """The body with each library picture in it served like the featured one: renditions,
    dimensions, lazy loading, and the library's credit (the caption the editor wrote, or
    the library's). One query for any number of pictures, none for a body without."""
    ids = ids_in_body(article.body)
    items = {item.pk: item for item in LibraryImage.objects.filter(pk__in=ids)} if ids else {}

    def figure(match):
        # Sanitised on save (articles/sanitize.py): attribute values are escaped already.
        attributes = dict(_ATTRIBUTE.findall(match[1]))
        item = items.get(int(attributes.get("data-file") or 0))
        if item is None:
            return match[0]
        made = (item.renditions or {}).get("full") if item.renditions_current() else None
        context = {
            "alt": mark_safe(attributes.get("alt", "")) or item.alt,  # nosec B308 B703
            "sizes": BODY_SIZES,
            "lazy": True,
            "caption": mark_safe(match[2]) if match[2] else item.caption,  # nosec B308 B703
            "credit": item.credit,
            **picture_context(
                made,
                url=item.file.url,
                width=item.width,
                height=item.height,
                storage=item.file.storage,
            ),
        }
        return render_to_string("articles/includes/body_figure.html", context)

    return mark_safe(_BODY_FIGURE.sub(figure, article.body))  # nosec B308 B703


@register.inclusion_tag("articles/includes/picture.html")
def author_photo(author):
    """An author's photo, small and square from its renditions (the original until then)."""
    made = author.photo_renditions.get("portrait") if author.photo_renditions_current() else None
    return {
        "alt": author.name,
        "sizes": "8rem",
        "lazy": False,
        "priority": False,
        "img_class": "author-photo",
        **picture_context(
            made,
            url=author.photo.url,
            width=author.photo_width,
            height=author.photo_height,
            storage=author.photo.storage,
        ),
    }
