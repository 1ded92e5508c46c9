"""
What the moderation desk shows beside each comment, loaded for a whole page at once.

``attach_context(comments)`` gives every comment on the page:

- ``history_by_email`` and ``history_by_ip``: {status: count} of all comments from the
  same email address / IP address (the commenter's record);
- ``article_pending``: how many comments the article has waiting;
- ``ban``: the suspension or ban in force on its email or IP address, if any;
- ``open_reports``: readers' reports no moderator has answered, as (reason, note) pairs;
- ``story``: the story's own moderation setting (pre-moderation, a surge hold), or None.

Six queries whatever the page size, so the queue's query count stays fixed.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Count

from .models import Comment, CommenterBan, CommentReport, StoryModeration

# Above this a tab says "10,000+": counting every approved comment of a large site on
# every page of the desk costs more than the number is worth.
COUNT_CAP = 10_000


def _counts_by(field, values):
    counts = defaultdict(dict)
    if not values:
        return counts
    rows = (
        Comment.objects.filter(**{f"{field}__in": values})
        .order_by()
        .values_list(field, "status")
        .annotate(n=Count("*"))
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
        .annotate(n=Count("*"))
    )
    bans = list(
        CommenterBan.objects.active().matching(
            emails={c.email for c in comments}, ips={c.ip_address for c in comments}
        )
    )
    reports = defaultdict(list)
    for comment_id, reason, note in CommentReport.objects.filter(
        comment_id__in=[c.pk for c in comments], resolved_at=None
    ).values_list("comment_id", "reason", "note"):
        reports[comment_id].append((CommentReport.Reason(reason).label, note))
    stories = StoryModeration.objects.in_bulk({c.article_id for c in comments})
    ban_by_email = {ban.email_folded: ban for ban in bans if ban.email_folded}
    ban_by_ip = {ban.ip_address: ban for ban in bans if ban.ip_address}
    for comment in comments:
        comment.ban = ban_by_email.get(comment.email.casefold()) or ban_by_ip.get(
            comment.ip_address
        )
        comment.history_by_email = by_email.get(comment.email, {}) if comment.email else None
        comment.history_by_ip = by_ip.get(comment.ip_address, {}) if comment.ip_address else None
        comment.article_pending = pending.get(comment.article_id, 0)
        comment.open_reports = reports.get(comment.pk, [])
        comment.story = stories.get(comment.article_id)
    return comments


def status_counts():
    """{status: number of comments, at most COUNT_CAP + 1}, for the queue tabs.

    One query of one bounded index scan per status: the cost stays the same at a million
    comments (a grouped count over the table would read every row on every page).
    """
    table = connection.ops.quote_name(Comment._meta.db_table)
    statuses = Comment.Status.values
    # Only the table's own name is put into the text; the values are parameters.
    bounded = ", ".join(
        f"(SELECT count(*) FROM (SELECT 1 FROM {table} WHERE status = %s LIMIT %s) AS s)"  # nosec B608
        for _ in statuses
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {bounded}",
            [value for status in statuses for value in (status, COUNT_CAP + 1)],
        )
        counts = cursor.fetchone()
    return dict(zip(statuses, counts, strict=True))


def queue_summary():
    """(how many comments wait for a moderator, pending or reported, at most COUNT_CAP + 1,
    and when the oldest arrived), in one query: the admin home shows it on every page."""
    table = connection.ops.quote_name(Comment._meta.db_table)
    waiting = [Comment.Status.PENDING, Comment.Status.REPORTED]
    with connection.cursor() as cursor:
        # Bounded: a count and the first entry of each status in the queue's index.
        cursor.execute(
            f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {table} WHERE status IN (%s, %s) "  # nosec B608
            f"LIMIT %s) AS s), "
            f"(SELECT min(submitted_at) FROM {table} WHERE status = %s), "
            f"(SELECT min(submitted_at) FROM {table} WHERE status = %s)",
            [*waiting, COUNT_CAP + 1, *waiting],
        )
        count, *oldest = cursor.fetchone()
    # Raw SQL gets the database's own value (text on SQLite): convert it as the ORM would.
    column = Comment._meta.get_field("submitted_at").get_col(Comment._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    for convert in converters:
        oldest = [convert(when, column, connection) for when in oldest]
    oldest = [when for when in oldest if when is not None]
    return count, min(oldest) if oldest else None
