"""
Moderation: the only code that sets or changes a comment's status.

A reader's comment arrives through ``receive``, which runs the rules in
``comments/rules.py`` and stores it as approved, pending (with the reasons it
was held) or spam. Moderators then ``approve``, ``mark_spam``, ``remove`` or
``restore`` it, from the admin or anywhere else. Each decision locks the comment's
row, records who made it and when, writes a ``ModerationLog`` row, recounts the
article's approved comments (once per article in bulk) and, after the commit, sends
``comments.signals.comment_status_changed``. A moderator can also ``edit`` a comment's
text (the original goes to the log), ``feature`` it as an editor's pick and, for
``UNDO_SECONDS``, ``undo`` their decision, edit or pick, and a ban or its lifting
(bans themselves are made in ``comments/bans.py``).

Readers ``report`` published comments; past COMMENTS["REPORT_THRESHOLD"] reports one
goes to the Reported queue, off the site. ``hold_story`` holds every comment on one
story (pre-moderation); ``receive`` does the same by itself for a while when a story
gets more than SURGE_COMMENTS comments in SURGE_MINUTES (surge protection).

    comment = Comment(article=article, name=..., email=..., body=...)
    moderation.receive(comment)
    moderation.approve(comment, by=request.user)
"""

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
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from articles.models import Article, CommentPolicy
from newsroom import pagecache
from newsroom.tasks import enqueue_after_commit, enqueue_sweep_after_commit

from . import bans, rules
from .conf import comment_setting
from .models import (
    AUTHOR_DELETED,
    Comment,
    CommentReport,
    ModerationLog,
    StoryModeration,
    body_fingerprint,
)
from .pagekeys import thread_key
from .signals import comment_status_changed


class DuplicateComment(Exception):
    """The same author already said the same thing on this article."""


# Whether an article takes comments.


def closed_reason(article):
    """Why comments are closed on ``article``, or None if they are open."""
    if not article.allow_comments:
        return gettext("Comments are closed on this article.")
    for section in article.sections():  # a section's policy covers its subsections
        if section.comment_policy == CommentPolicy.CLOSED:
            return gettext("Comments are closed on articles in %(section)s.") % {
                "section": section.name
            }
    days = comment_setting("CLOSE_AFTER_DAYS")
    if (
        days
        and article.published_at
        and article.published_at < timezone.now() - timedelta(days=days)
    ):
        return ngettext(
            "Comments close %(days)d day after publication.",
            "Comments close %(days)d days after publication.",
            days,
        ) % {"days": days}
    return None


def comments_open(article):
    return closed_reason(article) is None


def _category_holding(article):
    for section in article.sections():
        if section.comment_policy == CommentPolicy.HOLD:
            return section.name
    return None


def _story_hold_reasons(story):
    """Why the story's own setting holds a new comment: pre-moderation or a surge."""
    if story is None:
        return []
    reasons = []
    if story.hold_all:
        reasons.append(gettext("Every comment on this story is held for review."))
    if story.in_surge():
        until = timezone.localtime(story.surge_until)
        reasons.append(
            gettext("Surge: every comment on this story is held until %(time)s.")
            % {"time": f"{until:%H:%M}"}
        )
    return reasons


def _check_surge(article_id, story):
    """Hold every comment on the story for a while if it is getting too many too fast."""
    limit = comment_setting("SURGE_COMMENTS")
    if not limit or (story is not None and story.in_surge()):
        return
    minutes = comment_setting("SURGE_MINUTES")
    if not rules.maybe_surging(article_id, minutes=minutes, limit=limit):
        return  # the shared counter rules a surge out without counting rows
    now = timezone.now()
    since = now - timedelta(minutes=minutes)
    recent = (
        Comment.objects.filter(article_id=article_id, submitted_at__gte=since)
        .exclude(status=Comment.Status.SPAM)
        .count()
    )
    if recent <= limit:
        return
    until = now + timedelta(minutes=comment_setting("SURGE_HOLD_MINUTES"))
    StoryModeration.objects.update_or_create(article_id=article_id, defaults={"surge_until": until})
    from .tasks import notify_surge

    enqueue_after_commit(notify_surge, article_id, recent)


# Arrival.


def receive(comment, *, spam_reasons=(), policy=None, notify=None):
    """Store a new reader comment with the status the rules give it; return it.

    ``spam_reasons``, known before the rules run (a filled honeypot, a ban), send it to
    spam with them. ``policy`` and ``notify`` override COMMENTS["POLICY"] and
    COMMENTS["NOTIFY_MODERATORS"] (the demo data holds its comments and emails nobody).
    Raises DuplicateComment if the author already posted this text here.
    """
    if notify is None:
        notify = comment_setting("NOTIFY_MODERATORS")
    if comment.parent_id:
        comment.thread_id = comment.parent.thread_id or comment.parent_id
        comment.depth = comment.parent.depth + 1
    story = rules.story_moderation(comment.article_id)
    comment.status, reasons = _assess(comment, spam_reasons, policy, story)
    comment.held_reason = " ".join(reasons)
    if not notify:
        comment.moderators_notified_at = comment.submitted_at  # no email is due
    # One transaction for the comment and what follows from it: if the database goes away
    # before the count is stored, the reader's 503 means the comment was not kept either.
    # Foreign keys are checked at the commit (a parent deleted meanwhile), so it is inside.
    try:
        with transaction.atomic():
            comment.save()
            if comment.status != Comment.Status.SPAM:
                _check_surge(comment.article_id, story)
            if comment.status == Comment.Status.APPROVED:
                recount(comment.article_id)
                _tell_commenters(comment, published=False)  # they see it at once
            elif comment.status == Comment.Status.PENDING and notify:
                from .tasks import notify_moderators as notify_task

                # One waiting email covers every comment held before it is sent.
                enqueue_sweep_after_commit(notify_task)
    except IntegrityError as error:
        raise DuplicateComment from error
    return comment


def _assess(comment, spam_reasons, policy, story):
    """The status the rules give ``comment`` as it stands, and why."""
    if spam := [*spam_reasons, *rules.spam_reasons(comment)]:
        return Comment.Status.SPAM, spam
    reasons = rules.hold_reasons(
        comment,
        policy=policy or comment_setting("POLICY"),
        category_holds=_category_holding(comment.article),
    )
    reasons += _story_hold_reasons(story)
    return (Comment.Status.PENDING if reasons else Comment.Status.APPROVED), reasons


@transaction.atomic
def staff_reply(parent, *, by, body):
    """Publish a reply from a staff member at once, marked as staff on the site.

    A reply to a comment waiting in the queue approves it first (WordPress's "Approve and
    Reply"): otherwise the reply would hang under "This comment was removed"."""
    if parent.status == Comment.Status.PENDING:
        approve(parent, by=by)
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
    _tell_commenters(reply, published=False)
    return reply


# Decisions.


def _apply(comment, status, by):
    """Change a locked comment's status and log it; return the previous status, or None
    if it already had this one. The caller recounts and holds the transaction."""
    previous = comment.status
    if previous == status or comment.deleted_by_author:  # its author's decision stands
        return None
    comment.status = status
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    fields = ["status", "moderated_by", "moderated_at"]
    if comment.is_featured and status != Comment.Status.APPROVED:
        comment.is_featured = False  # an editor's pick that leaves the site is no pick
        fields.append("is_featured")
    comment.save(update_fields=fields)
    # A hidden comment with replies shows as removed or as waiting: the thread changes
    # even when the count does not.
    pagecache.purge(thread_key(comment.article_id))
    ModerationLog.objects.create(
        comment=comment, from_status=previous, to_status=status, by=by, at=comment.moderated_at
    )
    if previous == Comment.Status.REPORTED:
        # A moderator has looked: these reports are answered, new ones count afresh.
        comment.reports.filter(resolved_at=None).update(resolved_at=comment.moderated_at)
    transaction.on_commit(
        lambda: comment_status_changed.send(
            sender=Comment, comment=comment, previous=previous, status=status, by=by
        )
    )
    if status == Comment.Status.APPROVED and previous in (
        Comment.Status.PENDING,
        Comment.Status.SPAM,
    ):
        _tell_commenters(comment, published=True)
    return previous


def _tell_commenters(comment, *, published):
    """After the commit, email those who asked: the author that the comment is published
    (not when they saw it go live themselves), the parent's author that it has a reply."""
    from .tasks import notify_published, notify_reply

    if published and comment.notify_author and comment.email:
        enqueue_after_commit(notify_published, comment.pk)
    if comment.parent_id:
        enqueue_after_commit(notify_reply, comment.pk)


def _changes_count(previous, status):
    # Reported comments are off the site, so leaving or entering "approved" recounts.
    return Comment.Status.APPROVED in (previous, status)


def _locked(comments):
    # Only the comment rows: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    return comments.select_for_update(of=("self",))


@transaction.atomic
def _decide(comment, status, by):
    # Decide on the row as it is now, not on the caller's copy: another moderator may
    # have decided in between, and the count depends on the status being left.
    locked = _locked(Comment.objects.filter(pk=comment.pk)).get()
    with pagecache.batch():  # _apply and recount both purge the thread: one purge
        previous = _apply(locked, status, by)
        for field in ("status", "moderated_by", "moderated_at"):
            setattr(comment, field, getattr(locked, field))
        if previous is not None and _changes_count(previous, status):
            recount(locked.article_id)
    return previous is not None


def approve(comment, *, by):
    return _decide(comment, Comment.Status.APPROVED, by)


def mark_spam(comment, *, by):
    return _decide(comment, Comment.Status.SPAM, by)


def remove(comment, *, by):
    return _decide(comment, Comment.Status.REMOVED, by)


def restore(comment, *, by):
    """Put a comment back in the queue."""
    return _decide(comment, Comment.Status.PENDING, by)


@transaction.atomic
def decide_all(comments, status, *, by):
    """Apply one decision to many comments; return how many changed.

    Each article whose count the decisions change is recounted once, at the end.
    """
    changed, to_recount = 0, set()
    with pagecache.batch():  # one purge for the whole action, after the commit
        for comment in _locked(comments):
            previous = _apply(comment, status, by)
            if previous is not None:
                changed += 1
                if _changes_count(previous, status):
                    to_recount.add(comment.article_id)
        for article_id in sorted(to_recount):
            recount(article_id)
    return changed


# Comments brought in from another system.


def import_all(decided):
    """Store comments imported from another system (a WordPress export) with the status
    they had there; return them saved.

    ``decided`` holds (comment, status) pairs, the status the comment had before; the
    rules are not run and nobody is emailed (the old site's moderators already decided).
    ``parent`` may be another comment of the same call: parents are stored before their
    replies, thread and depth follow from them (past MAX_DEPTH a reply sits beside its
    parent). Each article is recounted once, and its pages purged once, at the end. The
    caller guarantees that no two comments repeat one another (the duplicate
    constraint would refuse the whole batch).
    """
    comments = []
    for comment, status in decided:
        comment.status = status
        comment.moderators_notified_at = comment.submitted_at  # no email is due
        comments.append(comment)
    stored, waiting = set(), comments
    max_depth = comment_setting("MAX_DEPTH")
    while waiting:
        # One insert per level of replies: a reply needs its parent's primary key.
        ready = [c for c in waiting if c.parent is None or id(c.parent) in stored or c.parent.pk]
        if not ready:
            raise ValueError("A comment's parent is neither stored nor among the comments.")
        for comment in ready:
            parent = comment.parent
            # As for staff replies: past the deepest level, a reply sits beside its parent.
            while parent is not None and parent.depth >= max_depth and parent.parent:
                parent = parent.parent
            if parent is not None:
                comment.parent = parent  # refreshes parent_id now that the parent has a pk
                comment.thread_id = parent.thread_id or parent.pk
                comment.depth = parent.depth + 1
            comment.body_hash = body_fingerprint(comment.body)
        Comment.objects.bulk_create(ready)
        stored.update(id(c) for c in ready)
        waiting = [c for c in waiting if id(c) not in stored]
    with pagecache.batch():
        for article_id in sorted({c.article_id for c in comments}):
            recount(article_id)
    return comments


# Readers' reports, editor's picks, story holds.


def report(comment, *, reason, note="", reporter_digest):
    """Record a reader's report of a published comment; return False if this reader
    (``reporter_digest``, a keyed digest of their address) already reported it.

    Past COMMENTS["REPORT_THRESHOLD"] unanswered reports the comment leaves the site for
    the Reported queue (by nobody: the log shows no moderator).
    """
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reason=reason, note=note, reporter_digest=reporter_digest
            )
    except IntegrityError:
        return False
    threshold = comment_setting("REPORT_THRESHOLD")
    if not threshold or comment.status != Comment.Status.APPROVED:
        return True
    with transaction.atomic():
        # On the row as it is now: a moderator may have decided on it meanwhile.
        locked = _locked(Comment.objects.filter(pk=comment.pk)).get()
        unanswered = locked.reports.filter(resolved_at=None).count()
        if locked.status == Comment.Status.APPROVED and unanswered >= threshold:
            _apply(locked, Comment.Status.REPORTED, None)
            recount(locked.article_id)
            comment.status = locked.status
    return True


@transaction.atomic
def feature(comment, *, by, featured=True):
    """Make an approved top-level comment an editor's pick (shown first under the
    article), or stop; return False if nothing changed."""
    locked = _locked(Comment.objects.filter(pk=comment.pk)).get()
    if featured and (locked.status != Comment.Status.APPROVED or locked.parent_id):
        return False
    if locked.is_featured == featured:
        return False
    locked.is_featured = featured
    locked.save(update_fields=["is_featured"])
    comment.is_featured = featured
    action = ModerationLog.Action.FEATURE if featured else ModerationLog.Action.UNFEATURE
    ModerationLog.objects.create(
        comment=locked, from_status=locked.status, to_status=locked.status, by=by, action=action
    )
    pagecache.purge(thread_key(locked.article_id))  # after the commit
    return True


def hold_story(article_id, *, by, hold=True):
    """Hold every new comment on a story for a moderator (pre-moderation), or stop."""
    story, _ = StoryModeration.objects.update_or_create(
        article_id=article_id, defaults={"hold_all": hold, "updated_by": by}
    )
    return story


# Commenters' own edits and deletions (comments/own.py gives them the signed link).


class TooLateToEdit(Exception):
    """The commenter's time to edit (COMMENTS["AUTHOR_EDIT_MINUTES"]) is over, or the
    moderators have edited the comment."""


def author_can_edit(comment):
    """Within COMMENTS["AUTHOR_EDIT_MINUTES"] of posting, and never once the moderators
    have edited it: the author could otherwise type back what they redacted."""
    window = timedelta(minutes=comment_setting("AUTHOR_EDIT_MINUTES"))
    return (
        comment.status
        in (
            Comment.Status.PENDING,
            Comment.Status.APPROVED,
        )
        and comment.edited_at is None
        and timezone.now() < comment.submitted_at + window
    )


@transaction.atomic
def author_edit(comment, *, body):
    """The commenter changes their own words; the rules look at them again, so a
    published comment goes back to the queue if they would hold it (or to spam).
    Returns False if the text is unchanged; raises TooLateToEdit, DuplicateComment."""
    locked = _locked(Comment.objects.select_related("article").filter(pk=comment.pk)).get()
    if not author_can_edit(locked):
        raise TooLateToEdit
    if locked.body == body:
        return False
    previous_body, previous_status = locked.body, locked.status
    locked.body = body
    status, reasons = _assess(
        locked, (), None, StoryModeration.objects.filter(article_id=locked.article_id).first()
    )
    if previous_status == Comment.Status.PENDING and status == Comment.Status.APPROVED:
        status = Comment.Status.PENDING  # an edit never skips the moderators
    try:
        with transaction.atomic():
            locked.save(update_fields=["body", "body_hash"])
    except IntegrityError as error:
        raise DuplicateComment from error
    ModerationLog.objects.create(
        comment=locked,
        from_status=previous_status,
        to_status=previous_status,
        by=None,
        previous_body=previous_body,
    )
    if status != previous_status:
        locked.held_reason = " ".join([gettext("Edited by its author."), *reasons])
        locked.save(update_fields=["held_reason"])
        _apply(locked, status, None)
        if _changes_count(previous_status, status):
            recount(locked.article_id)
    comment.body, comment.status = locked.body, locked.status
    pagecache.purge(thread_key(locked.article_id))
    return True


@transaction.atomic
def author_delete(comment):
    """The commenter takes their comment down for good: it leaves the site and its words
    are erased (replies by others keep their place under "This comment was removed")."""
    locked = _locked(Comment.objects.filter(pk=comment.pk)).get()
    previous = _apply(locked, Comment.Status.REMOVED, None)
    locked.body, locked.website = f"{AUTHOR_DELETED} #{locked.pk}", ""
    locked.is_featured = False
    locked.save(update_fields=["body", "body_hash", "website", "is_featured"])
    # The log keeps no earlier text either: that is what deleting means.
    ModerationLog.objects.filter(comment=locked).update(previous_body="")
    if previous is not None and _changes_count(previous, Comment.Status.REMOVED):
        recount(locked.article_id)
    pagecache.purge(thread_key(locked.article_id))
    comment.status, comment.body = locked.status, locked.body


# Edits and undo.


class CannotUndo(Exception):
    """The decision is too old, not this moderator's, or something happened since."""


@transaction.atomic
def edit(comment, *, by, body):
    """Replace a comment's text (e.g. to redact a phone number), keeping the original in
    the log; return False if the text is unchanged. Raises DuplicateComment if the new
    text repeats another comment by the same author on the article."""
    locked = _locked(Comment.objects.filter(pk=comment.pk)).get()
    if locked.body == body:
        return False
    previous_body = locked.body
    locked.body, locked.edited_at = body, timezone.now()
    try:
        with transaction.atomic():
            locked.save(update_fields=["body", "body_hash", "edited_at"])
    except IntegrityError as error:
        raise DuplicateComment from error
    ModerationLog.objects.create(
        comment=locked,
        from_status=locked.status,
        to_status=locked.status,
        by=by,
        previous_body=previous_body,
    )
    comment.body, comment.edited_at = locked.body, locked.edited_at
    pagecache.purge(thread_key(locked.article_id))
    return True


def undoable(by):
    """The latest decision or edit ``by`` made that they can still take back, or None."""
    since = timezone.now() - timedelta(seconds=comment_setting("UNDO_SECONDS"))
    return (
        ModerationLog.objects.filter(by=by, at__gte=since)
        .exclude(action=ModerationLog.Action.BAN_CHANGE)
        .select_related("comment", "ban")
        .order_by("-at", "-pk")
        .first()
    )


@transaction.atomic
def undo(entry, *, by):
    """Take back the decision or edit in log ``entry``: the comment returns to its status
    (or text) before it, and the undo is logged like any decision. Only the moderator who
    made it may, within UNDO_SECONDS, and only if nothing happened to the comment since.
    A ban is lifted, a lift undone; returns the comment or the ban."""
    if entry.by_id != by.pk:
        raise CannotUndo("Only the moderator who made a decision can undo it.")
    if entry.at < timezone.now() - timedelta(seconds=comment_setting("UNDO_SECONDS")):
        raise CannotUndo("This decision is too old to undo.")
    if entry.comment_id is None:
        if undone := bans.undo(entry, by=by):
            return undone
        raise CannotUndo("The ban has changed since; change it from its page instead.")
    comment = _locked(Comment.objects.filter(pk=entry.comment_id)).get()
    latest = comment.log.order_by("-at", "-pk").first()
    if latest.pk != entry.pk:
        raise CannotUndo("The comment has changed since; decide on it again instead.")
    if entry.action:
        feature(comment, by=by, featured=entry.action == ModerationLog.Action.UNFEATURE)
        return comment
    if entry.previous_body:
        edit(comment, by=by, body=entry.previous_body)
        first_edit = comment.log.exclude(previous_body="").order_by("at", "pk").first()
        if comment.body == first_edit.previous_body:
            # Back to the commenter's own words: no "edited" mark.
            comment.edited_at = None
            comment.save(update_fields=["edited_at"])
        return comment
    _decide(comment, entry.from_status, by)
    if entry.from_status == Comment.Status.REPORTED:
        # Its reports were answered by the decision undone: they count again.
        comment.reports.filter(resolved_at=entry.at).update(resolved_at=None)
    return comment


@transaction.atomic(savepoint=False)  # no savepoint inside a caller's transaction
def recount(article_id):
    """Store the article's number of approved comments, counted afresh, and refresh its page."""
    # The article's row is locked first, and the count read by a later statement: under
    # READ COMMITTED each statement sees what committed before it began, so the count then
    # includes every comment whose transaction held the lock before this one. Counting in
    # the locking statement would read before the wait, and a commenter posting at the same
    # moment could be left out. NO KEY: new comments' foreign keys hold KEY SHARE locks on
    # the row, which a plain FOR UPDATE would wait for (and deadlock with).
    list(Article.objects.select_for_update(no_key=True).filter(pk=article_id).values_list("pk"))
    approved = Comment.objects.approved().filter(article_id=OuterRef("pk"))
    Article.objects.filter(pk=article_id).update(
        approved_comment_count=Coalesce(
            Subquery(approved.order_by().values("article_id").annotate(n=Count("pk")).values("n")),
            0,
        )
    )
    # After the commit: a reader arriving before it must not keep the old thread.
    pagecache.purge(thread_key(article_id))


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


NOTIFY_LISTED = 20  # held comments written out in one email; the rest are counted


def notify_moderators():
    """Email the moderators about every held comment they have not been told of, at once.

    Runs from a task (comments/tasks.py). One email covers all the comments held since
    the last one, so a burst of comments is one email, not hundreds. The comments are
    marked as mailed in the transaction that sends: a failure rolls back and raises, and
    the worker tries again later (the immediate backend logs it). A comment decided in
    the meantime is left out; two runs at once never mail the same comment.
    """
    with transaction.atomic():
        due = (
            Comment.objects.filter(status=Comment.Status.PENDING, moderators_notified_at=None)
            .select_for_update(skip_locked=True)
            .order_by("submitted_at", "pk")
        )
        ids = list(due.values_list("pk", flat=True))
        if not ids:
            return 0
        Comment.objects.filter(pk__in=ids).update(moderators_notified_at=timezone.now())
        # Looked up once a minute, not per email: moderators change rarely.
        recipients = cache.get_or_set(
            "comments:moderator-emails",
            lambda: list(moderators().values_list("email", flat=True)),
            timeout=60,
        )
        if recipients:
            listed = Comment.objects.filter(pk__in=ids[:NOTIFY_LISTED]).select_related("article")
            subject, message = _held_comments_email(
                list(listed.order_by("submitted_at", "pk")), len(ids)
            )
            send_mail(" ".join(subject.split())[:200], message, None, recipients)
    return len(ids)


def _moderation_link(comment):
    path = reverse("admin:comments_comment_change", args=[comment.pk])
    return settings.SITE_URL.rstrip("/") + path


def _held_comments_email(comments, total):
    """Subject and text of the moderators' email about ``total`` held comments.

    The site's language (LANGUAGE_CODE): the worker has no request to take one from.
    """
    if total == 1:
        comment = comments[0]
        subject = gettext("[%(site)s] Comment awaiting moderation: %(headline)s") % {
            "site": settings.SITE_NAME,
            "headline": comment.article.headline,
        }
        message = gettext(
            "A comment on “%(headline)s” is waiting for moderation.\n"
            "\n"
            "Author: %(name)s\n"
            "Held because: %(reason)s\n"
            "\n"
            "%(body)s\n"
            "\n"
            "Moderate it: %(link)s\n"
        ) % {
            "headline": comment.article.headline,
            "name": comment.name,
            "reason": comment.held_reason,
            "body": comment.body,
            "link": _moderation_link(comment),
        }
        return subject, message
    subject = gettext("[%(site)s] %(count)d comments awaiting moderation") % {
        "site": settings.SITE_NAME,
        "count": total,
    }
    parts = [gettext("%(count)d comments are waiting for moderation.") % {"count": total}]
    for comment in comments:
        parts.append(
            gettext(
                "On “%(headline)s”, by %(name)s\n"
                "Held because: %(reason)s\n"
                "\n"
                "%(body)s\n"
                "\n"
                "Moderate it: %(link)s"
            )
            % {
                "headline": comment.article.headline,
                "name": comment.name,
                "reason": comment.held_reason,
                "body": Truncator(comment.body).chars(600),
                "link": _moderation_link(comment),
            }
        )
    if total > len(comments):
        queue = settings.SITE_URL.rstrip("/") + reverse("admin:comments_comment_changelist")
        parts.append(
            gettext("And %(count)d more: %(link)s")
            % {"count": total - len(comments), "link": queue}
        )
    return subject, "\n\n----\n\n".join(parts) + "\n"


def notify_surge(article, recent):
    """Tell the moderators that a story is getting a rush of comments and that every new
    one there is held for a while (from a task: comments/tasks.py)."""
    recipients = list(moderators().values_list("email", flat=True))
    if not recipients:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("admin:comments_comment_changelist")
    message = gettext(
        "“%(headline)s” received %(count)d comments in %(minutes)d minutes. Every new comment "
        "on it is held for moderation for the next %(hold)d minutes.\n"
        "\n"
        "The queue: %(link)s?status=pending&article__id__exact=%(article)d\n"
    ) % {
        "headline": article.headline,
        "count": recent,
        "minutes": comment_setting("SURGE_MINUTES"),
        "hold": comment_setting("SURGE_HOLD_MINUTES"),
        "link": link,
        "article": article.pk,
    }
    subject = gettext("[%(site)s] Comment surge on %(headline)s") % {
        "site": settings.SITE_NAME,
        "headline": article.headline,
    }
    send_mail(" ".join(subject.split())[:200], message, None, recipients)
