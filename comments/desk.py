"""
What the moderation desk shows beside each comment, loaded for a whole page at once.

``attach_context(comments)`` gives every comment on the page:

- ``history_by_email`` and ``history_by_ip``: {status: count} of all comments from the
  same email address / IP address (the commenter's record);
- ``article_pending``: how many comments the article has waiting;
- ``ban``: the suspension or ban in force on its email or IP address, if any.

Four queries whatever the page size, so the queue's query count stays fixed.
"""

from collections import defaultdict

from django.db.models import Count

from .models import Comment, CommenterBan


def _counts_by(field, values):
    counts = defaultdict(dict)
    if not values:
        return counts
    rows = (
        Comment.objects.filter(**{f"{field}__in": values})
        .order_by()
        .values_list(field, "status")
        .annotate(n=Count("pk"))
    )
    for value, status, n in rows:
        counts[value][status] = n
    return counts


def attach_context(comments):
    comments = list(comments)
    by_email = _counts_by("email", {c.email for c in comments if c.email})
    by_ip = _counts_by("ip_address", {c.ip_address for c in comments if c.ip_address})
    pending = dict(
        Comment.objects.pending()
        .filter(article_id__in={c.article_id for c in comments})
        .order_by()
        .values_list("article_id")
        .annotate(n=Count("pk"))
    )
    bans = list(
        CommenterBan.objects.active().matching(
            emails={c.email for c in comments}, ips={c.ip_address for c in comments}
        )
    )
    ban_by_email = {ban.email_folded: ban for ban in bans if ban.email_folded}
    ban_by_ip = {ban.ip_address: ban for ban in bans if ban.ip_address}
    for comment in comments:
        comment.ban = ban_by_email.get(comment.email.casefold()) or ban_by_ip.get(
            comment.ip_address
        )
        comment.history_by_email = by_email.get(comment.email, {}) if comment.email else None
        comment.history_by_ip = by_ip.get(comment.ip_address, {}) if comment.ip_address else None
        comment.article_pending = pending.get(comment.article_id, 0)
    return comments


def status_counts():
    """{status: number of comments}, for the queue tabs: one grouped query."""
    counts = dict(
        Comment.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Comment.Status.values}
