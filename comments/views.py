from django.core.cache import cache
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.views import ArticleDetailView
from newsroom.client_ip import client_ip

from . import drafts, moderation, notify, own
from .conf import comment_setting, rules_read_once
from .display import remember_comment
from .forms import CommentForm, OwnEditForm, ReportForm
from .models import Comment
from .samesite import is_same_site
from .submission import DUPLICATE_MESSAGE, article_for_comment, submit


def _forbidden(request):
    return render(request, "comments/forbidden.html", status=403)


@csrf_exempt  # see comments/samesite.py for what protects this view instead
@require_POST
@rules_read_once
def post_comment(request, article_id):
    """Store a reader's comment and send them back to it (post/redirect/get)."""
    if not is_same_site(request):
        return _forbidden(request)
    if request.user.is_authenticated:
        # A session is a credential: staff get Django's full CSRF check as well.
        if CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}):
            return _forbidden(request)
    article = article_for_comment(article_id)
    if reason := moderation.closed_reason(article):
        return render(
            request, "comments/closed.html", {"article": article, "reason": reason}, status=403
        )

    form = CommentForm(request.POST, article=article)
    submission = submit(
        form,
        article,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if submission.by_bot:
        return redirect(f"{article.get_absolute_url()}#comments")
    if submission.accepted:
        comment = submission.comment
        response = redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
        drafts.discard(response, article)
        return remember_comment(
            response, request, comment, remember_author=form.cleaned_data["remember"]
        )
    # Back to the form with the text and the reasons, at an address that survives a reload.
    return drafts.keep(request, article, form) or article_page_with_form(request, article, form)


def article_page_with_form(request, article, form):
    """The article page again, the reader's form with their text and the reasons."""
    request.comment_form = form  # read by {% render_comment_section %}
    view = ArticleDetailView()
    view.setup(request, slug=article.slug)
    view.object = article
    return view.render_to_response(view.get_context_data(object=article), status=400)


REPORT_LIMIT_MESSAGE = _(
    "You have sent a lot of reports in the last hour. Please try again later; your "
    "choice is kept below."
)


def _reporter_digest(request):
    """Who reported, as only a keyed digest: enough to count each reader once per
    comment, never enough for anyone to tell who it was."""
    return salted_hmac(
        "comments.report", client_ip(request) or "unknown", algorithm="sha256"
    ).hexdigest()


def _report_allowed(request):
    """Count one report from this address; False past REPORTS_PER_HOUR."""
    limit = comment_setting("REPORTS_PER_HOUR")
    if not limit:
        return True
    key = "comments:reports:" + _reporter_digest(request)
    cache.add(key, 0, timeout=60 * 60)
    try:
        sent = cache.incr(key)
    except ValueError:  # the key expired in between: this is the first of a new hour
        cache.set(key, 1, timeout=60 * 60)
        sent = 1
    return sent is None or sent <= limit  # None: the cache is down; reports still count once


@rules_read_once
def report_comment(request, comment_id):
    """A reader reports a published comment to the moderators (form, then thanks)."""
    comment = get_object_or_404(
        Comment.objects.select_related("article").filter(
            status__in=[Comment.Status.APPROVED, Comment.Status.REPORTED],
            article__in=Article.objects.published(),
        ),
        pk=comment_id,
    )
    context = {"comment": comment, "article": comment.article}
    if request.GET.get("sent") or comment.status == Comment.Status.REPORTED:
        return render(request, "comments/report_sent.html", context)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _report_allowed(request):
            moderation.report(
                comment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                reporter_digest=_reporter_digest(request),
            )
            return redirect(reverse("comments:report", args=[comment.pk]) + "?sent=1")
        form.add_error(None, REPORT_LIMIT_MESSAGE)
        status = 429
    elif form.is_bound:
        status = 400
    return render(request, "comments/report.html", {**context, "form": form}, status=status)


TOO_LATE_MESSAGE = _(
    "Comments can be edited for %(minutes)d minutes after they are posted, and that time is "
    "over. Your text is below; you can still delete the comment."
)
MODERATED_MESSAGE = _(
    "The moderators have edited this comment, so it can no longer be changed. Your text is "
    "below; you can still delete the comment."
)


def _edit_refusal(comment):
    if comment.edited_at:
        return MODERATED_MESSAGE
    return TOO_LATE_MESSAGE % {"minutes": comment_setting("AUTHOR_EDIT_MINUTES")}


@rules_read_once
def own_comment(request, token):
    """The commenter's page for their own comment: edit it for a while, delete it any time."""
    comment = get_object_or_404(
        Comment.objects.select_related("article")
        .exclude(status=Comment.Status.REMOVED)
        .exclude(status=Comment.Status.SPAM),
        pk=own.comment_id_from(token),
    )
    here = reverse("comments:own", args=[token])
    can_edit = moderation.author_can_edit(comment)
    form = OwnEditForm(
        request.POST if "edit" in request.POST else None,
        initial={"body": comment.body},
    )
    status = 200
    if request.method == "POST" and "delete" in request.POST:
        moderation.author_delete(comment)
        return render(request, "comments/own_deleted.html", {"article": comment.article})
    if request.method == "POST" and form.is_bound:
        if not form.is_valid():
            status = 400
        elif not can_edit:
            form.add_error(None, _edit_refusal(comment))
            status = 409
        else:
            try:
                moderation.author_edit(comment, body=form.cleaned_data["body"])
            except moderation.TooLateToEdit:
                comment.refresh_from_db(fields=["edited_at"])  # edited by a moderator since
                form.add_error(None, _edit_refusal(comment))
                status = 409
            except moderation.DuplicateComment:
                form.add_error(None, DUPLICATE_MESSAGE)
                status = 400
            else:
                return redirect(f"{comment.article.get_absolute_url()}#comment-{comment.pk}")
    context = {
        "comment": comment,
        "article": comment.article,
        "form": form,
        "can_edit": can_edit or form.errors,
        "here": here,
        "edit_minutes": comment_setting("AUTHOR_EDIT_MINUTES"),
    }
    return render(request, "comments/own_comment.html", context, status=status)


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) has no CSRF token: the
# signed link is the credential, and all it can do is stop emails.
def unsubscribe(request, token):
    """Stop the emails about one comment: a button, or a mail client's one-click POST."""
    comment = get_object_or_404(
        Comment.objects.select_related("article"), pk=notify.comment_id_from(token)
    )
    if request.method == "POST":
        Comment.objects.filter(pk=comment.pk).update(notify_author=False)
        return render(request, "comments/unsubscribed.html", {"article": comment.article})
    return render(
        request,
        "comments/unsubscribe.html",
        {"article": comment.article, "here": reverse("comments:unsubscribe", args=[token])},
    )
