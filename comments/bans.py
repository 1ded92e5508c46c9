"""
Suspending and banning commenters: the only code that makes, changes or lifts a ban.

A ban names an email address, an IP address or both, with a reason for the other
moderators and, for a suspension, an end. While it is in force the commenter's comments
go to spam (``comments/submission.py`` tells them so and gives their text back). Each
change is a row of the moderation log, like a decision on a comment, with what the ban
said at the time, so the log still reads right after the ban is changed or lifted. A
lifted ban is kept for the record; the moderator who made a change can undo it for
COMMENTS["UNDO_SECONDS"] (``comments.moderation.undo``).

Every server reads the bans in force from a shared snapshot (``rules.bans``), rewritten
after the commit of each change by the signals in ``comments/apps.py``.
"""

from django.db import transaction
from django.utils import timezone

from .models import CommenterBan, ModerationLog


def _describe(ban):
    until = f"until {timezone.localtime(ban.expires_at):%d %b %Y %H:%M}" if ban.expires_at else ""
    return " — ".join(part for part in (ban.who, until or "for good", ban.reason) if part)


def _log(ban, action, by):
    return ModerationLog.objects.create(ban=ban, action=action, by=by, note=_describe(ban))


@transaction.atomic
def ban(ban, *, by):
    """Put a new ban (an unsaved ``CommenterBan``) in force; return it."""
    ban.created_by = by
    ban.save()
    _log(ban, ModerationLog.Action.BAN, by)
    return ban


@transaction.atomic
def change(ban, *, by):
    """Save a moderator's change to a ban's addresses, reason or end."""
    ban.save()
    _log(ban, ModerationLog.Action.BAN_CHANGE, by)
    return ban


@transaction.atomic
def lift(ban, *, by):
    """End a ban now; return False if it was already lifted."""
    locked = CommenterBan.objects.select_for_update().get(pk=ban.pk)
    if locked.lifted_at:
        return False
    locked.lifted_at, locked.lifted_by = timezone.now(), by
    locked.save(update_fields=["lifted_at", "lifted_by"])
    ban.lifted_at, ban.lifted_by = locked.lifted_at, by
    _log(locked, ModerationLog.Action.UNBAN, by)
    return True


@transaction.atomic
def reinstate(ban, *, by):
    """Put a lifted ban back in force (the undo of a lift)."""
    locked = CommenterBan.objects.select_for_update().get(pk=ban.pk)
    locked.lifted_at = locked.lifted_by = None
    locked.save(update_fields=["lifted_at", "lifted_by"])
    _log(locked, ModerationLog.Action.BAN, by)
    return locked


def undo(entry, *, by):
    """Take back the ban or lift in log ``entry`` (the caller checked who and when)."""
    ban = CommenterBan.objects.select_for_update().filter(pk=entry.ban_id).first()
    if ban is None or ban.log.order_by("-at", "-pk").first().pk != entry.pk:
        return None
    if entry.action == ModerationLog.Action.UNBAN:
        return reinstate(ban, by=by)
    if entry.action == ModerationLog.Action.BAN:
        lift(ban, by=by)
        return ban
    return None  # a change to a ban is made again from its page
