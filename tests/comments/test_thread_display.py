"""The article page's comment threads: what shows, and that held comments cost it nothing."""

import contextlib

import pytest
from django.db import connection
from django.test import RequestFactory

from comments.display import comment_section
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

HELD = (Comment.Status.PENDING, Comment.Status.SPAM)


def shown(article):
    """The ids on the first page of comments, placeholders marked, in page order."""
    section = comment_section(RequestFactory().get("/"), article)
    return [(row["comment"].pk, row["comment"].is_placeholder) for row in section["comment_rows"]]


def test_held_comments_never_show_and_hidden_parents_keep_their_visible_replies(
    a_published_article,
):
    article = a_published_article
    approved = CommentFactory(article=article)
    held = [CommentFactory(article=article, status=status) for status in HELD]
    held_reply = CommentFactory(article=article, parent=approved, status=Comment.Status.PENDING)
    # Removed after a conversation grew under it, two levels deep.
    removed = CommentFactory(article=article, status=Comment.Status.REMOVED)
    removed_reply = CommentFactory(article=article, parent=removed, status=Comment.Status.REMOVED)
    visible_reply = CommentFactory(article=article, parent=removed_reply)
    # A hidden reply with only held replies under it leaves nothing behind.
    lone = CommentFactory(article=article, parent=approved, status=Comment.Status.SPAM)
    CommentFactory(article=article, parent=lone, status=Comment.Status.PENDING)

    assert shown(article) == [
        (approved.pk, False),
        (removed.pk, True),
        (removed_reply.pk, True),
        (visible_reply.pk, False),
    ]
    hidden = {comment.pk for comment in (*held, held_reply, lone)}
    assert not hidden & {pk for pk, _ in shown(article)}


@contextlib.contextmanager
def comment_rows_read():
    """How many comment rows and index entries the database reads inside the block.

    PostgreSQL counts them per transaction (pg_stat_xact_*); SQLite does not, so there
    the measure is the number of virtual-machine steps its queries take.
    """
    result = {}
    if connection.vendor == "postgresql":
        # The table's rows read by scans, plus the entries read from each of its indexes.
        sql = (
            "SELECT pg_stat_get_xact_tuples_returned(indrelid)"
            " + sum(pg_stat_get_xact_tuples_returned(indexrelid))"
            " FROM pg_index WHERE indrelid = 'comments_comment'::regclass GROUP BY indrelid"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            before = cursor.fetchone()[0]
            yield result
            cursor.execute(sql)
            result["read"] = int(cursor.fetchone()[0] - before)
        return
    connection.ensure_connection()
    steps = [0]

    def count():
        steps[0] += 1
        return 0

    connection.connection.set_progress_handler(count, 10)
    try:
        yield result
    finally:
        connection.connection.set_progress_handler(None, 0)
    result["read"] = steps[0]


def analyze():
    """Up-to-date statistics, as autovacuum keeps them: the plans are the ones a site gets."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE comments_comment")


def test_a_surge_of_held_comments_does_not_make_the_threads_cost_more(a_published_article):
    """A story under a comment surge holds thousands of pending and spam comments, at the
    top and in its threads: the page reads what it shows, not what it holds."""
    article = a_published_article
    tops = [CommentFactory(article=article, recount=False) for _ in range(5)]
    for top in tops:
        CommentFactory(article=article, parent=top, recount=False)
    analyze()
    request = RequestFactory().get("/")
    comment_section(request, article)  # the comment rules are read once and kept
    with comment_rows_read() as calm:
        comment_section(request, article)

    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=tops[n % 5] if n % 2 else None,
            thread=tops[n % 5] if n % 2 else None,
            depth=2 if n % 2 else 1,
            name="Surge",
            email=f"surge{n}@example.org",
            body=f"Held comment {n}",
            body_hash=str(n),
            status=HELD[n % 3 == 0],
        )
        for n in range(1200)
    )
    analyze()
    with comment_rows_read() as surge:
        section = comment_section(request, article)

    assert len(section["comment_rows"]) == 10
    assert surge["read"] <= calm["read"] * 1.5 + 50, (calm, surge)
