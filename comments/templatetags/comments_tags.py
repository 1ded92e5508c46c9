import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string

from newsroom import pagecache

from ..conf import comment_setting
from ..display import comment_section, comment_threads
from ..pagekeys import thread_key

register = template.Library()

THREADS = "comments/includes/comment_threads.html"
THREADS_SECONDS = 3600  # an unchanged thread is rendered again at most hourly


@register.simple_tag(takes_context=True)
def render_comment_section(context, article):
    """The comments under ``article``: heading, threads and the form."""
    request = context["request"]
    pagecache.depends_on(request, thread_key(article.pk))
    form = getattr(request, "comment_form", None)
    shared = pagecache.is_shared_render(request)
    # On a page kept for every reader, with no reply form inside the threads, the threads
    # change only when the thread does: a page rendered again for any other reason (the
    # article edited, a related story renamed) reuses them.
    reuse = shared and form is None and not request.GET.get("replyto")
    section = comment_section(request, article, form=form, with_threads=not reuse)
    # Pages kept for every reader carry no CSRF token: the form's signed token and the
    # same-site check protect anonymous posts (comments/views.py). Staff get one.
    section.update(with_csrf=not shared, article=article, request=request)
    if reuse:
        section["threads_html"] = shared_threads(request, article, section["comments_closed"])
    else:
        section["threads_html"] = render_to_string(THREADS, section, request=request)
    return render_to_string("comments/includes/comment_section.html", section, request=request)


def shared_threads(request, article, closed):
    """The threads as every anonymous reader sees them, kept until the thread changes.

    The copy is named after the time the thread last changed (recorded by
    ``pagecache.purge`` after the commit), so a change makes the next render read afresh
    and no copy is ever deleted. Never changed, or forgotten: no name, nothing kept.
    (Not ``pagecache.remember``: it dates a key it has never seen to its own start, after
    the page's, and the page would then not be kept on that render.)
    """
    url = article.get_absolute_url()

    def render():
        page, rows, _ = comment_threads(request, article, closed=closed)
        context = {"comment_rows": rows, "comment_page": page, "article_url": url}
        return render_to_string(THREADS, {**context, "reply_to": None}, request=request)

    changed_at = cache.get(pagecache.KEY_PREFIX + thread_key(article.pk))
    if changed_at is None:
        return render()
    page = request.GET.get("cpage", "")
    shape = (comment_setting("PER_PAGE"), comment_setting("MAX_DEPTH"), bool(closed))
    parts = f"{article.pk}|{url}|{page}|{shape}|{changed_at!r}"
    name = f"comment-threads:{hashlib.sha256(parts.encode()).hexdigest()[:40]}"
    threads = cache.get(name)
    if threads is None:
        threads = render()
        cache.set(name, threads, timeout=THREADS_SECONDS)
    return threads
