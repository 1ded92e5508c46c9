from django import template
from django.template.loader import render_to_string

from newsroom import pagecache

from ..conf import rules_read_once
from ..display import comment_section
from ..pagekeys import RULES, thread_key

register = template.Library()


@register.simple_tag(takes_context=True)
@rules_read_once
def render_comment_section(context, article):
    """The comments under ``article``: heading, threads and the form."""
    request = context["request"]
    pagecache.depends_on(request, thread_key(article.pk), RULES)
    section = comment_section(request, article, form=getattr(request, "comment_form", None))
    # Pages kept for every reader carry no CSRF token: the form's signed token and the
    # same-site check protect anonymous posts (comments/views.py). Staff get one.
    section["with_csrf"] = not pagecache.is_shared_render(request)
    return render_to_string(
        "comments/includes/comment_section.html",
        {**section, "article": article, "request": request},
        request=request,
    )
