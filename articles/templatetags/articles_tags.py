import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def ld_json(context, data):
    """Render ``data`` as a JSON-LD script element, safe inside HTML, with the CSP nonce."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Escaped for a <script> element: <, > and & become \u003C, \u003E, \u0026.
    escaped = payload.translate(_json_script_escapes)
    script = '<script type="application/ld+json" nonce="{}">{}</script>'
    return format_html(script, context.get("csp_nonce", ""), mark_safe(escaped))  # nosec B308 B703


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
