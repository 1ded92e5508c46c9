from django.conf import settings
from django.db import models
from reversion.models import Revision

from articles.models import Article


class RevisionNote(models.Model):
    """What a revision of an article means on the desk, beside reversion's own record
    (who and when): the step it records, the note sent with it and the article's tags
    at that time (taggit's through model is not serialised with the article)."""

    class Kind(models.TextChoices):
        EDITED = "edited", "Edited"
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent_back", "Sent back to the writer"
        RESTORED = "restored", "Restored an earlier revision"

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="desk_note")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revision_notes")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.EDITED)
    note = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    restored_from = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-revision_id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"


class EditLock(models.Model):
    """Who has an article open in the admin; stale after ``locks.LOCK_SECONDS``
    without a heartbeat, like WordPress's post lock."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user} on {self.article}"
