"""The comments app's background tasks (see newsroom/tasks.py for how they run)."""

from datetime import timedelta

from django.utils import timezone

from newsroom.tasks import background

from . import moderation
from .models import Comment

METADATA_DAYS = 30  # how long a comment keeps its author's IP address and user agent


@background(sweep=True)
def notify_moderators(comment_id=None):
    """Email the moderators about the comments held since their last email.

    ``comment_id`` is ignored: runs queued by earlier versions carry one, and the sweep
    covers that comment with the others.
    """
    return moderation.notify_moderators()


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
