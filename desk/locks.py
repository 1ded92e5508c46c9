"""Soft edit locks: who has an article open, like WordPress's "X is currently editing".

Opening an article's form (and every heartbeat from its page, see static/desk/lock.js)
takes the lock unless somebody else's is fresh; nothing is ever refused because of a
lock. It only warns, and the save-time revision check (admin.py) keeps the edits.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import EditLock

LOCK_SECONDS = 120  # a lock without a heartbeat for this long is free
HEARTBEAT_SECONDS = 30  # how often an open form says it is still open


def touch(article, user):
    """Take or refresh ``user``'s lock on ``article`` unless someone else holds a fresh
    one; return that other holder's lock, or None."""
    now = timezone.now()
    with transaction.atomic():
        lock = EditLock.objects.select_for_update().filter(article=article).first()
        if (
            lock
            and lock.user_id != user.pk
            and lock.seen_at > now - timedelta(seconds=LOCK_SECONDS)
        ):
            return lock
        EditLock.objects.update_or_create(article=article, defaults={"user": user, "seen_at": now})
    return None


def release(article, user):
    EditLock.objects.filter(article=article, user=user).delete()


def holder_name(lock):
    user = lock.user
    author = getattr(user, "author", None)
    return (author.name if author else "") or user.get_full_name() or user.get_username()
