"""What the article page shows of its comments: threads, the heading, the form."""

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import get_language, gettext, ngettext

from articles.pagekeys import article as article_key
from newsroom import pagecache
from newsroom.converters import parse_id

from . import drafts, moderation
from .conf import comment_setting
from .forms import CommentForm
from .models import Comment
from .own import own_link
from .pagekeys import RULES, thread_key

OWN_COOKIE = "newsroom_comments"  # signed ids of the reader's own comments awaiting moderation
# Only if the reader asked: the signed id of their comment whose name, email and website
# fill in the form next time. The details stay in the database; the cookie shows no email.
AUTHOR_COOKIE = "newsroom_commenter"
DRAFT_COOKIE = drafts.COOKIE  # signed key of a rejected comment kept for its reader
COOKIE_SALT = "comments.cookies"
COOKIE_AGE = 60 * 60 * 24 * 365
THREAD_TEMPLATE = "comments/includes/comment_thread.html"


def count_heading(count):
    """“No Comments”, “One Comment”, “2 Comments”: the plural rules in one place."""
    if count == 0:
        return gettext("No Comments")
    return ngettext("One Comment", "%(count)d Comments", count) % {"count": count}


def own_comment_ids(request):
    raw = request.get_signed_cookie(OWN_COOKIE, default="", salt=COOKIE_SALT)
    return [pk for part in raw.split(",") if (pk := parse_id(part)) is not None][-50:]


def remembered_author(request):
    """The details the reader asked us to remember, read from their remembered comment."""
    pk = parse_id(request.get_signed_cookie(AUTHOR_COOKIE, default="", salt=COOKIE_SALT))
    if pk is None:  # no cookie, or an old one that held the details themselves
        return {}
    # An erased comment (no email) forgets its author too.
    fields = ("name", "email", "website")
    comment = Comment.objects.exclude(email="").only(*fields).filter(pk=pk).first()
    return {key: getattr(comment, key) for key in fields} if comment else {}


def remember_comment(response, request, comment, *, remember_author):
    """Set the reader's cookies after a successful post."""
    ids = [*own_comment_ids(request), comment.pk][-50:]
    cookie = {
        "salt": COOKIE_SALT,
        "max_age": COOKIE_AGE,
        "httponly": True,
        "samesite": "Lax",
        "secure": request.is_secure(),  # HTTPS=1 makes every request that gets here secure
    }
    response.set_signed_cookie(OWN_COOKIE, ",".join(map(str, ids)), **cookie)
    if remember_author:
        response.set_signed_cookie(AUTHOR_COOKIE, str(comment.pk), **cookie)
    elif AUTHOR_COOKIE in request.COOKIES:
        response.delete_cookie(AUTHOR_COOKIE)  # unticked: forget what was saved
    return response


def _visible(own_ids):
    return Q(status=Comment.Status.APPROVED) | Q(status=Comment.Status.PENDING, pk__in=own_ids)


class InSubquery(In):
    """``pk IN (subquery)`` that PostgreSQL always answers from the primary key.

    There it is written ``= ANY(ARRAY(subquery))``: the subquery runs once and its ids are
    looked up in the index, whatever the planner guesses about its size. With the plain
    ``IN`` it guesses from the whole table's statuses, and on a story whose comments are
    mostly held it guesses thousands of visible ones and reads the table from end to end.
    """

    def as_postgresql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} = ANY(ARRAY{rhs_sql})", (*lhs_params, *rhs_params)


def _threads(article, visible):
    """The top-level comments to list: those readers can see, and those with a reply they
    can see (shown as "removed" so the conversation under them survives).

    Found from the visible comments (the status index), never by looking at every
    top-level comment: a story under a comment surge holds thousands of pending or spam
    comments, and its page must cost what its visible conversation costs.
    """
    roots = (
        Comment.objects.filter(visible, article=article)
        .order_by()
        .values(root=Coalesce("thread_id", "pk"))
    )
    return Comment.objects.filter(InSubquery(F("pk"), roots), parent=None)


def _replies(top_ids, visible):
    """The replies shown in these threads, in one query: the visible ones and the hidden
    comments above them (placeholders), never the held or spam ones under a thread."""
    shown = Comment.objects.filter(visible, thread__in=top_ids).order_by()
    wanted = [shown.values("pk")]
    # A hidden reply shows only as the parent, grandparent… of a visible one: one level
    # up per step, as deep as replies go (top-level parents are already on the page).
    above = shown
    for _level in range(max(comment_setting("MAX_DEPTH") - 2, 1)):
        above = Comment.objects.filter(
            pk__in=above.filter(depth__gt=2).values("parent_id")
        ).order_by()
        wanted.append(above.values("pk"))
    return Comment.objects.filter(
        InSubquery(F("pk"), wanted[0].union(*wanted[1:], all=True).order_by())
    )


def comment_section(request, article, form=None):
    """Context for the comments under ``article``, in at most three queries.

    A comment readers cannot see (removed, erased, spam, someone else's pending) that
    has replies they can see stays in its place as "This comment was removed", so the
    conversation under it survives and the heading's count is what readers see.
    """
    own_ids = own_comment_ids(request)
    closed = moderation.closed_reason(article)
    max_depth = comment_setting("MAX_DEPTH")

    def can_reply(comment):
        return (
            not closed and comment.depth < max_depth and comment.status == Comment.Status.APPROVED
        )

    if form is None and not closed and (draft := drafts.load(request, article)):
        form = drafts.form_for(draft, article)
    section = {
        "article_url": article.get_absolute_url(),
        "comments_closed": closed,
        "reply_to": None,
    }
    if form is None and _shared_first_page(request, own_ids):
        # Kept rendered, a SafeString (the cache keeps its type; reader text is escaped in it).
        section["comment_thread"] = pagecache.remember(
            f"comments:thread:{article.pk}:{'closed' if closed else 'open'}:{get_language()}",
            lambda: render_to_string(
                THREAD_TEMPLATE,
                {**section, **_thread(request, article, own_ids, can_reply=can_reply)},
            ),
            depends=(thread_key(article.pk), RULES, article_key(article.pk)),
        )
        pagecache.canonical(request, cpage=None, replyto=None)
    else:
        section.update(_thread(request, article, own_ids, can_reply=can_reply))
    reply_to = None
    by_id = section.pop("by_id", {})
    if form is None and not closed:
        reply_to = by_id.get(parse_id(request.GET.get("replyto")))
        if reply_to and not can_reply(reply_to):
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
    if "comment_page" in section:
        page = section["comment_page"]
        pagecache.canonical(
            request,
            cpage=page.number if page.number > 1 else None,
            replyto=reply_to.pk if reply_to else None,
        )
    own_pending = (
        Comment.objects.pending().filter(article=article, pk__in=own_ids).count() if own_ids else 0
    )
    return {
        **section,
        # The reader's own pending comments are on the page for them, so they count.
        "comment_heading": count_heading(article.approved_comment_count + own_pending),
        "comment_form": None if closed else form,
        "reply_to": reply_to,
    }


def _shared_first_page(request, own_ids):
    """True for the first page of a thread that every anonymous reader is shown alike: its
    rendered comments are kept (``remember``) until a comment, the rules or the article
    change, so a page rendered again for another reason (a related story changed, the
    page aged out) does not render its comments again. Other pages of comments, a reply
    form placed in the thread and a reader's own pending comments render each time."""
    return (
        pagecache.is_shared_render(request)
        and not own_ids
        and "cpage" not in request.GET
        and "replyto" not in request.GET
    )


def _thread(request, article, own_ids, *, can_reply):
    """One page of threads: the rows to show, the page, and every comment by id."""
    visible = _visible(own_ids)
    threads = Paginator(
        # Editors' picks first (comments/moderation.py: feature), then the conversation.
        _threads(article, visible).order_by("-is_featured", "submitted_at"),
        comment_setting("PER_PAGE"),
    )
    page = threads.get_page(request.GET.get("cpage"))
    top = list(page.object_list)
    replies = _replies([c.pk for c in top], visible).order_by("submitted_at") if top else []
    own = set(own_ids)
    by_id = {comment.pk: comment for comment in top}
    for comment in [*top, *replies]:
        comment.children = []
        comment.is_placeholder = not (
            comment.status == Comment.Status.APPROVED
            or (comment.status == Comment.Status.PENDING and comment.pk in own)
        )
        # Only for the author (their cookie keeps this page out of the shared cache).
        comment.own_link = own_link(comment) if comment.pk in own else None
    for reply in replies:
        parent = by_id.get(reply.parent_id)
        if parent is not None:
            parent.children.append(reply)
            by_id[reply.pk] = reply
    for comment in top:
        _prune(comment)
    return {
        "comment_rows": thread_rows(top, can_reply=can_reply),
        "comment_page": page,
        "by_id": by_id,
    }


def _prune(comment):
    """Drop hidden replies with nothing visible under them; True if ``comment`` shows."""
    comment.children = [child for child in comment.children if _prune(child)]
    return not comment.is_placeholder or bool(comment.children)


# What comments/includes/comment_thread.html shows of each comment.
ROW_FIELDS = (
    "pk",
    "name",
    "website",
    "body",
    "status",
    "is_featured",
    "is_staff_reply",
    "edited_at",
    "is_placeholder",
    "own_link",
    "posted_text",
    "can_reply",
)


def thread_rows(top, *, can_reply):
    """The comment tree as one flat list, so the page renders it in a single loop.

    Each row says whether its comment opens a list of replies, and how many reply
    lists end right after it (the template closes them). Times are formatted here,
    once, in the site's time zone.
    """
    rows = []
    zone = timezone.get_current_timezone()
    # Translators: when a comment was posted, a Django date format: "27 November 2026 at
    # 14:05". Backslashes keep letters literal.
    posted_format = gettext(r"j F Y \a\t H:i")

    def walk(comment, lists_ending):
        local = comment.submitted_at.astimezone(zone)
        comment.posted_text = format_date(local, posted_format)
        comment.can_reply = can_reply(comment)
        # A plain dict of what the row shows: the template finds each value at the first
        # try, where a model instance costs a failed lookup per value, ~40 per comment.
        rows.append(
            {
                "comment": comment,
                **{name: getattr(comment, name) for name in ROW_FIELDS},
                "submitted_iso": comment.submitted_at.isoformat(),
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
