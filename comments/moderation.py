"""
Moderation: the only code that sets or changes a comment's status.

A reader's comment arrives through ``receive``, which runs the rules in
``comments/rules.py`` and stores it as approved, pending (with the reasons it
was held) or spam. Moderators then ``approve``, ``mark_spam``, ``remove`` or
``restore`` it, from the admin or anywhere else; each decision records who made
it and when, writes a ``ModerationLog`` row and keeps the article's approved
comment count in step.

    comment = Comment(article=article, name=..., email=..., body=...)
    moderation.receive(comment, bot_reasons=[])
    moderation.approve(comment, by=request.user)
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, CommentPolicy
from newsroom.pagecache import page_changed

from . import rules
from .conf import comment_setting
from .models import Comment, ModerationLog

logger = logging.getLogger(__name__)


class DuplicateComment(Exception):
    """The same author already said the same thing on this article."""


# Whether an article takes comments.


def closed_reason(article):
    """Why comments are closed on ``article``, or None if they are open."""
    if not article.allow_comments:
        return "Comments are closed on this article."
    for section in article.sections():  # a section's policy covers its subsections
        if section.comment_policy == CommentPolicy.CLOSED:
            return f"Comments are closed on articles in {section.name}."
    days = comment_setting("CLOSE_AFTER_DAYS")
    if (
        days
        and article.published_at
        and article.published_at < timezone.now() - timedelta(days=days)
    ):
        return f"Comments close {days} days after publication."
    return None


def comments_open(article):
    return closed_reason(article) is None


def _category_holding(article):
    for section in article.sections():
        if section.comment_policy == CommentPolicy.HOLD:
            return section.name
    return None


# Arrival.


def receive(comment, *, bot_reasons=()):
    """Store a new reader comment with the status the rules give it; return it.

    Raises DuplicateComment if the author already posted this text here.
    """
    if comment.parent_id:
        comment.thread_id = comment.parent.thread_id or comment.parent_id
        comment.depth = comment.parent.depth + 1
    spam = [*bot_reasons, *rules.spam_reasons(comment)]
    if spam:
        comment.status, reasons = Comment.Status.SPAM, spam
    else:
        reasons = rules.hold_reasons(
            comment,
            policy=comment_setting("POLICY"),
            category_holds=_category_holding(comment.article),
        )
        comment.status = Comment.Status.PENDING if reasons else Comment.Status.APPROVED
    comment.held_reason = " ".join(reasons)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError as error:
        raise DuplicateComment from error
    if comment.status == Comment.Status.APPROVED:
        recount(comment.article_id)
    elif comment.status == Comment.Status.PENDING and comment_setting("NOTIFY_MODERATORS"):
        transaction.on_commit(lambda: notify_moderators(comment))
    return comment


def staff_reply(parent, *, by, body):
    """Publish a reply from a staff member at once, marked as staff on the site."""
    # At the deepest level a reply sits beside its parent rather than under it.
    deepest = parent.depth >= comment_setting("MAX_DEPTH") and parent.parent_id
    attach_to = parent.parent if deepest else parent
    author = getattr(by, "author", None)
    reply = Comment(
        article=parent.article,
        parent=attach_to,
        thread_id=attach_to.thread_id or attach_to.pk,
        depth=attach_to.depth + 1,
        name=author.name if author else (by.get_full_name() or by.get_username()),
        email=by.email,
        body=body,
        user=by,
        is_staff_reply=True,
        status=Comment.Status.APPROVED,
        moderated_by=by,
        moderated_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError as error:
        raise DuplicateComment from error
    recount(reply.article_id)
    return reply


# Decisions.


def _decide(comment, status, by):
    previous = comment.status
    if previous == status:
        return False
    comment.status = status
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    ModerationLog.objects.create(comment=comment, from_status=previous, to_status=status, by=by)
    if Comment.Status.APPROVED in (previous, status):
        recount(comment.article_id)
    return True


def approve(comment, *, by):
    return _decide(comment, Comment.Status.APPROVED, by)


def mark_spam(comment, *, by):
    return _decide(comment, Comment.Status.SPAM, by)


def remove(comment, *, by):
    return _decide(comment, Comment.Status.REMOVED, by)


def restore(comment, *, by):
    """Put a comment back in the queue."""
    return _decide(comment, Comment.Status.PENDING, by)


DECISIONS = {
    Comment.Status.APPROVED: approve,
    Comment.Status.SPAM: mark_spam,
    Comment.Status.REMOVED: remove,
    Comment.Status.PENDING: restore,
}


@transaction.atomic
def decide_all(comments, status, *, by):
    """Apply one decision to many comments; return how many changed."""
    decide = DECISIONS[status]
    return sum(decide(comment, by=by) for comment in comments.select_for_update(of=("self",)))


def recount(article_id):
    """Store the article's number of approved comments, counted afresh, and refresh its page."""
    # One statement, so concurrent decisions cannot interleave a read and a write.
    approved = Comment.objects.approved().filter(article_id=OuterRef("pk"))
    Article.objects.filter(pk=article_id).update(
        approved_comment_count=Coalesce(
            Subquery(approved.order_by().values("article_id").annotate(n=Count("pk")).values("n")),
            0,
        )
    )
    article = Article.objects.only("slug", "published_at", "created_at").get(pk=article_id)
    page_changed(article.get_absolute_url())


# Notification.


def moderators():
    """Active users who can moderate comments and have an email address."""
    via_group = Q(
        groups__permissions__codename="can_moderate",
        groups__permissions__content_type__app_label="comments",
    )
    direct = Q(
        user_permissions__codename="can_moderate",
        user_permissions__content_type__app_label="comments",
    )
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | via_group | direct, is_active=True)
        .exclude(email="")
        .distinct()
    )


def notify_moderators(comment):
    """Email the moderators about a held comment. Any failure is logged, never raised:
    the comment is already stored, and a reader must not see an error for our mail."""
    try:
        # Looked up once a minute, not per comment: moderators change rarely.
        recipients = cache.get_or_set(
            "comments:moderator-emails",
            lambda: list(moderators().values_list("email", flat=True)),
            timeout=60,
        )
        if not recipients:
            return
        link = settings.SITE_URL.rstrip("/") + reverse(
            "admin:comments_comment_change", args=[comment.pk]
        )
        message = (
            f"A comment on “{comment.article.headline}” is waiting for moderation.\n\n"
            f"Author: {comment.name}\n"
            f"Held because: {comment.held_reason}\n\n"
            f"{comment.body}\n\n"
            f"Moderate it: {link}\n"
        )
        subject = f"[{settings.SITE_NAME}] Comment awaiting moderation: {comment.article.headline}"
        send_mail(" ".join(subject.split())[:200], message, None, recipients)
    except Exception:  # see the docstring
        logger.exception("Could not email moderators about comment %s", comment.pk)
