import hashlib
import secrets

from django.db import models
from django.db.models import F
from django.utils import timezone

KEY_PREFIX = "nrk"  # "newsroom key": a leaked key is recognisable in logs and code scans


def digest(key):
    """How a key is stored: keys are long random strings, so a plain SHA-256 cannot be
    reversed or guessed, and a lookup is one indexed equality."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at=None)

    def record_use(self, key):
        """Count one request made with ``key``; False if no active key is ``key``.

        One UPDATE both checks the key and records the use, so a keyed request costs one
        query, and two servers counting at once never lose a request.
        """
        return bool(
            self.active()
            .filter(hashed_key=digest(key))
            .update(request_count=F("request_count") + 1, last_used_at=timezone.now())
        )


class ApiKey(models.Model):
    """A partner's key to the public API: requests made with it are not rate-limited."""

    name = models.CharField(
        max_length=120, help_text="Who uses the key, e.g. “Mobile app” or “Andina syndication”."
    )
    contact = models.EmailField(
        blank=True, help_text="Whom to tell before the key is revoked or the API changes."
    )
    prefix = models.CharField(
        max_length=16,
        unique=True,
        editable=False,
        help_text="The start of the key, to tell keys apart; the rest is never stored.",
    )
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Requests with a revoked key are refused."
    )
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    request_count = models.PositiveBigIntegerField("requests", default=0, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self):
        """Give this key a new secret; return it. Only its digest is kept."""
        prefix = secrets.token_hex(4)
        key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        self.prefix = prefix
        self.hashed_key = digest(key)
        return key

    def is_active(self):
        return self.revoked_at is None
