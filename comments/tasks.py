"""The comments app's background tasks (see newsroom/tasks.py for how they run)."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from newsroom.tasks import background

from . import moderation, notify
from .models import Comment

METADATA_DAYS = 30  # how long a comment keeps its author's IP address and user agent


@background(sweep=True)
def notify_moderators(comment_id=None):
    """Email the moderators about the comments held since their last email.

    ``comment_id`` is ignored: runs queued by earlier versions carry one, and the sweep
    covers that comment with the others.
    """
    return moderation.notify_moderators()


@background()
def notify_surge(article_id, recent):
    """Email the moderators that a story's comments are held because of a surge."""
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        moderation.notify_surge(article, recent)


@background()
def notify_published(comment_id):
    """Email the author that their comment is published, if they asked."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is not None:
        notify.published(comment)


@background()
def notify_reply(reply_id):
    """Email the author of the comment a published reply answers, if they asked."""
    reply = (
        Comment.objects.select_related("article", "parent", "parent__article")
        .filter(pk=reply_id)
        .first()
    )
    if reply is not None:
        notify.replied(reply)


def erase_old_metadata(days=METADATA_DAYS):
    """Erase IP addresses and user agents of comments older than ``days``; return how many."""
    return (
        Comment.objects.filter(submitted_at__lt=timezone.now() - timedelta(days=days))
        .exclude(ip_address=None, user_agent="")
        .update(ip_address=None, user_agent="")
    )


@background()
def purge_comment_metadata():
    """Nightly: commenters' IP addresses are kept only as long as spam-fighting needs them."""
    return erase_old_metadata()
