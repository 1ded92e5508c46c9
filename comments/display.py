"""What the article page shows of its comments: threads, the heading, the form."""

import json

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

from . import moderation
from .conf import comment_setting
from .forms import CommentForm
from .models import Comment

OWN_COOKIE = "newsroom_comments"  # signed ids of the reader's own comments awaiting moderation
AUTHOR_COOKIE = "newsroom_commenter"  # signed name/email/website, only if the reader asked
COOKIE_SALT = "comments.cookies"
COOKIE_AGE = 60 * 60 * 24 * 365


def count_heading(count):
    """“No Comments”, “One Comment”, “2 Comments”: the plural rules in one place."""
    if count == 0:
        return "No Comments"
    return ngettext("One Comment", "%(count)d Comments", count) % {"count": count}


def own_comment_ids(request):
    raw = request.get_signed_cookie(OWN_COOKIE, default="", salt=COOKIE_SALT)
    return [int(part) for part in raw.split(",") if part.isdigit()][-50:]


def remembered_author(request):
    raw = request.get_signed_cookie(AUTHOR_COOKIE, default="", salt=COOKIE_SALT)
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return {}
    return {key: str(data.get(key, ""))[:245] for key in ("name", "email", "website")}


def remember_comment(response, request, comment, *, remember_author):
    """Set the reader's cookies after a successful post."""
    ids = [*own_comment_ids(request), comment.pk][-50:]
    cookie = {"salt": COOKIE_SALT, "max_age": COOKIE_AGE, "httponly": True, "samesite": "Lax"}
    response.set_signed_cookie(OWN_COOKIE, ",".join(map(str, ids)), **cookie)
    if remember_author:
        author = {"name": comment.name, "email": comment.email, "website": comment.website}
        response.set_signed_cookie(AUTHOR_COOKIE, json.dumps(author), **cookie)
    elif AUTHOR_COOKIE in request.COOKIES:
        response.delete_cookie(AUTHOR_COOKIE)  # unticked: forget what was saved
    return response


def _visible(request):
    return Q(status=Comment.Status.APPROVED) | Q(
        status=Comment.Status.PENDING, pk__in=own_comment_ids(request)
    )


def comment_threads(request, article, *, closed):
    """The page of threads ``request`` asks for, in at most three queries.

    Returns the paginator page, the rows to render (``thread_rows``) and every comment
    shown, by id.
    """
    visible = _visible(request)
    threads = Paginator(
        Comment.objects.filter(article=article, parent=None)
        .filter(visible)
        .order_by("submitted_at"),
        comment_setting("PER_PAGE"),
    )
    page = threads.get_page(request.GET.get("cpage"))
    top = list(page.object_list)
    replies = (
        Comment.objects.filter(thread__in=top).filter(visible).order_by("submitted_at")
        if top
        else []
    )
    by_id = {comment.pk: comment for comment in top}
    for comment in [*top, *replies]:
        comment.children = []
    for reply in replies:
        parent = by_id.get(reply.parent_id)
        if parent is not None:  # a reply under a hidden comment stays hidden
            parent.children.append(reply)
            by_id[reply.pk] = reply

    max_depth = comment_setting("MAX_DEPTH")

    def can_reply(comment):
        return (
            not closed and comment.depth < max_depth and comment.status == Comment.Status.APPROVED
        )

    return page, thread_rows(top, can_reply=can_reply), by_id


def comment_section(request, article, form=None, *, with_threads=True):
    """Context for the comments under ``article``, in at most three queries.

    ``with_threads=False`` leaves the threads out (``comment_rows`` and ``comment_page``
    are None) for a caller that has them already rendered; the request must then name
    no reply target (``?replyto=``), since the reply form is shown inside the threads.
    """
    closed = moderation.closed_reason(article)
    page, rows, by_id = (
        comment_threads(request, article, closed=closed) if with_threads else (None, None, {})
    )
    reply_to = None
    if form is None and not closed:
        target = request.GET.get("replyto", "")
        reply_to = by_id.get(int(target)) if target.isdigit() else None
        if reply_to and not reply_to.can_reply:
            reply_to = None
        remembered = remembered_author(request)
        form = CommentForm(
            article=article,
            initial={
                **remembered,
                "remember": bool(remembered),
                "parent": reply_to.pk if reply_to else None,
            },
        )
    elif form is not None:
        reply_to = form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None
        reply_to = by_id.get(getattr(reply_to, "pk", None))
    return {
        "comment_heading": count_heading(article.approved_comment_count),
        "comment_rows": rows,
        "article_url": article.get_absolute_url(),
        "comment_page": page,
        "comment_form": None if closed else form,
        "comments_closed": closed,
        "reply_to": reply_to,
    }


def thread_rows(top, *, can_reply):
    """The comment tree as one flat list, so the page renders it in a single loop.

    Each row says whether its comment opens a list of replies, and how many reply
    lists end right after it (the template closes them). Times are formatted here,
    once, in the site's time zone.
    """
    rows = []
    zone = timezone.get_current_timezone()

    def walk(comment, lists_ending):
        local = comment.submitted_at.astimezone(zone)
        comment.posted_text = f"{local.day} {local:%B %Y at %H:%M}"
        comment.can_reply = can_reply(comment)
        rows.append(
            {
                "comment": comment,
                "opens_replies": bool(comment.children),
                "closes": range(0 if comment.children else lists_ending),
            }
        )
        for index, child in enumerate(comment.children):
            last = index == len(comment.children) - 1
            walk(child, lists_ending + 1 if last else 0)

    for comment in top:
        walk(comment, 0)
    return rows
