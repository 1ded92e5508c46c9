"""
Emails to commenters who asked for them (the box under the comment form): when their
comment is published, and when someone's reply to it is. Each is sent to that one
commenter only, from a task after the commit (comments/tasks.py), and carries a signed
one-click unsubscribe link (RFC 8058), so no account is needed.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext

from .models import Comment
from .own import own_link

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def unsubscribe_path(comment):
    return reverse("comments:unsubscribe", args=[signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)])


def comment_id_from(token):
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(to_comment, subject, lines):
    """One email to the author of ``to_comment``, and to nobody else."""
    unsubscribe = _absolute(unsubscribe_path(to_comment))
    body = "\n".join(
        [
            *lines,
            "",
            gettext("Stop these emails about your comment: %(link)s") % {"link": unsubscribe},
        ]
    )
    subject = " ".join(subject.split())[:200]
    EmailMessage(
        f"[{settings.SITE_NAME}] {subject}",
        body,
        None,
        [to_comment.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def wants_email(comment):
    return comment.notify_author and bool(comment.email)


def published(comment):
    """Tell the author their comment is on the site (with their edit/delete link)."""
    if comment.status != Comment.Status.APPROVED or not wants_email(comment):
        return False
    _send(
        comment,
        gettext("Your comment on “%(headline)s” is published")
        % {"headline": comment.article.headline},
        [
            gettext("Your comment is on the site: %(link)s")
            % {"link": _absolute(comment.get_absolute_url())},
            "",
            gettext("Edit it (for a few minutes) or delete it: %(link)s")
            % {"link": _absolute(own_link(comment))},
        ],
    )
    return True


def replied(reply):
    """Tell the author of the comment ``reply`` answers that it has a reply."""
    parent = reply.parent
    if (
        parent is None
        or reply.status != Comment.Status.APPROVED
        or parent.status != Comment.Status.APPROVED
        or not wants_email(parent)
        or parent.email.casefold() == reply.email.casefold()  # answering themselves
    ):
        return False
    _send(
        parent,
        gettext("%(name)s replied to your comment on “%(headline)s”")
        % {"name": reply.name, "headline": parent.article.headline},
        [
            gettext("%(name)s wrote:") % {"name": reply.name},
            "",
            reply.body,
            "",
            gettext("Read it on the site: %(link)s")
            % {"link": _absolute(reply.get_absolute_url())},
        ],
    )
    return True
