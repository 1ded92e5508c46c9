import hashlib
import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator


def body_fingerprint(body):
    """A hash of the text with case and spacing folded, for duplicate detection."""
    folded = " ".join(body.casefold().split())
    return hashlib.sha256(folded.encode()).hexdigest()


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments readers can see."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        """Comments waiting in the moderation queue."""
        return self.filter(status=Comment.Status.PENDING)

    def reported(self):
        """Comments readers reported often enough to take them down until a moderator looks."""
        return self.filter(status=Comment.Status.REPORTED)


# What is left of a comment its author deleted (moderation.author_delete), followed by its id.
AUTHOR_DELETED = "[Deleted by its author.]"


class Comment(models.Model):
    """A reader's comment. Its status changes only through comments/moderation.py."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"
        # Approved, then reported by readers past COMMENTS["REPORT_THRESHOLD"]: off the
        # site until a moderator keeps or removes it.
        REPORTED = "reported", "Reported"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of the thread (null for top-level comments), so a page
    # of threads loads with one indexed query however deep the replies go.
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=1, help_text="1 for top-level comments.")

    name = models.CharField(max_length=245)
    email = models.EmailField(max_length=100, blank=True, help_text="Never shown in public.")
    website = models.URLField(max_length=200, blank=True)
    body = models.TextField("comment")
    body_hash = models.CharField(max_length=64, editable=False)

    submitted_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member who wrote a staff reply.",
    )
    is_staff_reply = models.BooleanField(default=False)

    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    held_reason = models.TextField(
        blank=True, help_text="Why the comment was held or marked as spam when it arrived."
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderators_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the moderators were emailed about it (empty: an email is due).",
    )
    edited_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the moderators last changed the text (the original is in the log).",
    )
    notify_author = models.BooleanField(
        "email the author",
        default=False,
        help_text="The author asked for an email when it is published and when someone "
        "replies to it.",
    )
    is_featured = models.BooleanField(
        "editor’s pick",
        default=False,
        help_text="Shown first under the article, marked as an editor’s pick.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at"]
        get_latest_by = "submitted_at"
        permissions = [("can_moderate", "Can moderate comments")]
        indexes = [
            models.Index(
                fields=["article", "status", "submitted_at"], name="comment_article_status"
            ),
            models.Index(fields=["thread", "status"], name="comment_thread_status"),
            # The desk's order, whole (the admin breaks ties on the id): its first page is
            # the first 50 entries of this index, not a sort of the queue.
            models.Index(fields=["status", "submitted_at", "id"], name="comment_queue_order"),
            # With the status: a commenter's history on the desk is counted from the
            # index alone, however many comments share a busy address.
            models.Index(fields=["email", "status"], name="comment_email_status"),
            models.Index(fields=["ip_address", "status"], name="comment_ip_status"),
            # What the article page shows (comments/display.py), read without touching the
            # held and spam comments, however many a surge leaves on a story.
            # Covering (with the ids), so PostgreSQL reads the index alone.
            models.Index(
                fields=["article", "thread", "id"],
                condition=models.Q(status="approved"),
                name="comment_shown_by_article",
            ),
            models.Index(
                fields=["thread", "depth", "parent", "id"],
                condition=models.Q(status="approved"),
                name="comment_shown_in_thread",
            ),
            # The few held comments the moderators have not been emailed about yet.
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(status="pending", moderators_notified_at=None),
                name="comment_mail_due",
            ),
        ]
        constraints = [
            # The same author saying the same thing twice on one article is stored once,
            # even when both requests arrive at the same instant.
            models.UniqueConstraint(
                fields=["article", "email", "body_hash"], name="comment_no_duplicates"
            ),
        ]

    def __str__(self):
        return f"{self.name}: {Truncator(self.body).chars(50)}"

    def save(self, *args, **kwargs):
        self.body_hash = body_fingerprint(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def deleted_by_author(self):
        """Its author took it down: its words are gone and it stays removed. (Removed as
        well: a commenter may type the marker into a comment of their own.)"""
        return self.status == Comment.Status.REMOVED and self.body == f"{AUTHOR_DELETED} #{self.pk}"


class ModerationLog(models.Model):
    """Who changed which comment to what, or banned whom, and when: one row per decision."""

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="log"
    )
    ban = models.ForeignKey(
        "CommenterBan", null=True, blank=True, on_delete=models.SET_NULL, related_name="log"
    )
    from_status = models.CharField(max_length=10, choices=Comment.Status, blank=True)
    to_status = models.CharField(max_length=10, choices=Comment.Status, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    previous_body = models.TextField(
        blank=True, help_text="For an edit by the moderators: the text before it."
    )

    class Action(models.TextChoices):
        STATUS = "", "Status or text"
        FEATURE = "feature", "Made an editor’s pick"
        UNFEATURE = "unfeature", "No longer an editor’s pick"
        BAN = "ban", "Banned a commenter"
        BAN_CHANGE = "ban_change", "Changed a ban"
        UNBAN = "unban", "Lifted a ban"

    action = models.CharField(max_length=10, choices=Action, blank=True, default="")
    note = models.TextField(
        blank=True, help_text="For a ban: whom it named, until when and why, as it was then."
    )

    class Meta:
        ordering = ["-at"]
        # The desk asks for each moderator's latest decision (their undo) on every page.
        indexes = [models.Index(fields=["by", "-at"], name="moderationlog_by_at")]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(comment__isnull=False)
                | models.Q(action__in=["ban", "ban_change", "unban"]),
                name="moderationlog_names_a_comment_or_a_ban",
            ),
        ]

    def __str__(self):
        if self.comment_id is None:
            return f"{self.by}: {self.get_action_display().lower()} ({self.note})"
        if self.action:
            return f"{self.by}: comment {self.comment_id} {self.get_action_display().lower()}"
        return f"{self.by} set comment {self.comment_id} to {self.to_status}"


class CommentReport(models.Model):
    """A reader's report of a comment. Who reported is never stored: only a keyed digest
    of their address, so one reader counts once per comment."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", "Abusive or hateful"
        SPAM = "spam", "Spam or advertising"
        PERSONAL = "personal", "Personal information"
        OFF_TOPIC = "off_topic", "Off topic"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=Reason)
    note = models.CharField(max_length=500, blank=True)
    reporter_digest = models.CharField(max_length=64, editable=False)
    reported_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When a moderator decided on the reported comment."
    )

    class Meta:
        ordering = ["reported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_digest"], name="report_once_per_reader"
            ),
        ]
        indexes = [models.Index(fields=["comment", "resolved_at"], name="report_open")]

    def __str__(self):
        return f"Report of comment {self.comment_id}: {self.get_reason_display()}"


class StoryModeration(models.Model):
    """How the moderators handle comments on one story, beyond the site and section
    rules: holding every comment (pre-moderation), and a surge hold set automatically."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    hold_all = models.BooleanField(
        "hold every comment",
        default=False,
        help_text="Every new comment on this story waits for a moderator.",
    )
    surge_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the story got a sudden rush of comments: until then every new "
        "comment waits for a moderator. Clear it to end the hold early.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "story moderation"
        verbose_name_plural = "story moderation"

    def __str__(self):
        return f"Comments on {self.article}"

    def in_surge(self):
        return self.surge_until is not None and self.surge_until > timezone.now()


def rule_lines(text):
    """The entries of a one-per-line rules field, blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _validate_networks(text):
    for line in rule_lines(text):
        try:
            ipaddress.ip_network(line, strict=False)
        except ValueError as error:
            raise ValidationError(f"“{line}” is not an IP address or network.") from error


class ModerationRules(models.Model):
    """The comment rules the moderators set in the admin: one row, which overrides the
    defaults in settings.COMMENTS once saved (read through comments/conf.py)."""

    class Policy(models.TextChoices):
        HOLD_ALL = "hold_all", "Hold every comment for a moderator"
        APPROVE_KNOWN = "approve_known", "Publish commenters approved before; hold the rest"
        APPROVE_CLEAN = "approve_clean", "Publish everything the word and link rules let through"

    policy = models.CharField(
        max_length=20,
        choices=Policy,
        help_text="What happens to a comment that breaks none of the rules below.",
    )
    hold_keywords = models.TextField(
        "hold words",
        blank=True,
        help_text="One word or phrase per line. A comment containing one waits for a moderator.",
    )
    disallowed_keywords = models.TextField(
        "spam words",
        blank=True,
        help_text="One word or phrase per line. A comment containing one goes straight to spam.",
    )
    disallowed_emails = models.TextField(
        "banned emails",
        blank=True,
        help_text="One address per line, or @domain.example for a whole domain: their "
        "comments go to spam.",
    )
    disallowed_ips = models.TextField(
        "banned IP addresses",
        blank=True,
        validators=[_validate_networks],
        help_text="One address or network (e.g. 203.0.113.0/24) per line: their comments go "
        "to spam.",
    )
    max_links = models.PositiveSmallIntegerField(
        "maximum links",
        help_text="A comment with more links than this waits for a moderator.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Close comments on articles published more than this many days ago. "
        "Leave empty to keep them open.",
    )
    report_threshold = models.PositiveSmallIntegerField(
        "reports before review",
        default=3,
        help_text="When this many readers report a published comment, it comes off the site "
        "and waits in the Reported queue.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "comment rules"
        verbose_name_plural = "comment rules"

    def __str__(self):
        return "Comment rules"

    def as_settings(self):
        """The rules under their settings.COMMENTS names."""
        return {
            "POLICY": self.policy,
            "HOLD_KEYWORDS": rule_lines(self.hold_keywords),
            "DISALLOWED_KEYWORDS": rule_lines(self.disallowed_keywords),
            "DISALLOWED_EMAILS": rule_lines(self.disallowed_emails),
            "DISALLOWED_IPS": rule_lines(self.disallowed_ips),
            "MAX_LINKS": self.max_links,
            "CLOSE_AFTER_DAYS": self.close_after_days,
            "REPORT_THRESHOLD": self.report_threshold,
        }


class CommenterBanQuerySet(models.QuerySet):
    def active(self):
        """Bans in force now: not lifted, and without an expiry or expiring later."""
        return self.filter(
            models.Q(expires_at=None) | models.Q(expires_at__gt=timezone.now()), lifted_at=None
        )

    def matching(self, *, emails=(), ips=()):
        """Bans on any of these email addresses (any case) or IP addresses."""
        condition = models.Q(pk__in=[])
        emails = [email for email in emails if email]
        if emails:
            condition |= models.Q(email_folded__in=[email.casefold() for email in emails])
        ips = [ip for ip in ips if ip]
        if ips:
            condition |= models.Q(ip_address__in=ips)
        return self.filter(condition)


class CommenterBan(models.Model):
    """A commenter the moderators suspended (until a date) or banned (no end date): their
    comments go to spam and they are told so, their text given back to them. Made, changed
    and lifted only through comments/bans.py, which logs each; a lifted ban stays for the
    record."""

    email = models.EmailField(
        max_length=100, blank=True, help_text="Their comments from this address go to spam."
    )
    email_folded = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    ip_address = models.GenericIPAddressField(
        "IP address",
        null=True,
        blank=True,
        db_index=True,
        help_text="Comments from this address go to spam too. Leave empty unless needed: "
        "many readers can share one address (an office, a mobile network).",
    )
    reason = models.TextField(
        help_text="Why, for the other moderators. Not shown to the commenter."
    )
    expires_at = models.DateTimeField(
        "until",
        null=True,
        blank=True,
        help_text="A suspension ends then. Leave empty to ban for good.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True, editable=False)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommenterBanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "commenter ban"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | models.Q(ip_address__isnull=False),
                name="ban_names_someone",
            ),
        ]

    def __str__(self):
        if self.lifted_at:
            return f"{self.who} (lifted)"
        until = f"until {self.expires_at:%d %b %Y}" if self.expires_at else "banned"
        return f"{self.who} ({until})"

    def save(self, *args, **kwargs):
        self.email_folded = self.email.casefold()
        super().save(*args, **kwargs)

    def clean(self):
        if not self.email and not self.ip_address:
            raise ValidationError("Give an email address, an IP address or both.")
        # A new ban that has already ended would stop nothing; an existing one may be
        # ended early by giving a time that has passed.
        if self._state.adding and self.expires_at and self.expires_at <= timezone.now():
            raise ValidationError(
                {"expires_at": "This time has already passed: give a later one, or none."}
            )

    @property
    def who(self):
        """Whom the ban names: "troll@example.org / 198.51.100.7"."""
        return " / ".join(str(part) for part in (self.email, self.ip_address) if part)

    def is_active(self):
        return self.lifted_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )
