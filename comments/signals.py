"""Signals the comments app sends, for other code to react to comment changes."""

from django.dispatch import Signal

# Sent by comments/moderation.py after the transaction that changed a comment's status
# commits, once per changed comment, with sender=Comment and the keyword arguments
# comment, previous (the old status), status (the new one) and by (the user, or None).
comment_status_changed = Signal()
