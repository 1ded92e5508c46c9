from django import template

from articles.admin import can_publish

from .. import review, revisions

register = template.Library()

SHOWN = 10  # articles listed on the admin home; the count covers them all


@register.inclusion_tag("desk/review_queue.html", takes_context=True)
def review_queue(context):
    """The articles waiting for review, for those who can publish them."""
    request = context["request"]
    if not can_publish(request.user):
        return {"show": False}
    waiting = review.in_review()
    count = waiting.count()
    articles = [
        {"article": article, "who": revisions.who(article.created_by) if article.created_by else ""}
        for article in (waiting[:SHOWN] if count else [])
    ]
    return {"show": True, "count": count, "articles": articles}
