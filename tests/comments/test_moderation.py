import pytest
from django.core.cache import cache

from articles.models import Article, CommentPolicy
from comments import moderation
from comments.models import Comment, ModerationLog
from tests.comments.helpers import comment_data, post_url
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db


def approved_count(article):
    return Article.objects.get(pk=article.pk).approved_comment_count


def test_decisions_record_who_and_when_and_keep_the_count(a_pending_comment, moderator):
    article = a_pending_comment.article
    assert moderation.approve(a_pending_comment, by=moderator)
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == Comment.Status.APPROVED
    assert a_pending_comment.moderated_by == moderator
    assert a_pending_comment.moderated_at is not None
    assert approved_count(article) == 1
    moderation.remove(a_pending_comment, by=moderator)
    assert approved_count(article) == 0
    moderation.restore(a_pending_comment, by=moderator)
    moderation.mark_spam(a_pending_comment, by=moderator)
    log = list(ModerationLog.objects.order_by("at").values_list("from_status", "to_status"))
    assert log == [
        ("pending", "approved"),
        ("approved", "removed"),
        ("removed", "pending"),
        ("pending", "spam"),
    ]


def test_a_repeated_decision_changes_nothing(a_pending_comment, moderator):
    moderation.approve(a_pending_comment, by=moderator)
    assert not moderation.approve(a_pending_comment, by=moderator)
    assert ModerationLog.objects.count() == 1


def test_decide_all_applies_to_many(a_published_article, moderator):
    for _ in range(3):
        CommentFactory(article=a_published_article, status=Comment.Status.PENDING)
    changed = moderation.decide_all(Comment.objects.all(), Comment.Status.APPROVED, by=moderator)
    assert changed == 3
    assert approved_count(a_published_article) == 3


def test_staff_reply_is_published_at_once_and_marked(a_pending_comment, editor):
    moderation.approve(a_pending_comment, by=editor)
    reply = moderation.staff_reply(a_pending_comment, by=editor, body="Yes, on community radio.")
    assert reply.status == Comment.Status.APPROVED and reply.is_staff_reply
    assert (reply.parent, reply.thread_id, reply.depth) == (
        a_pending_comment,
        a_pending_comment.pk,
        2,
    )
    assert approved_count(a_pending_comment.article) == 2


def test_staff_reply_at_the_deepest_level_sits_beside_its_parent(
    a_published_article, editor, settings
):
    settings.COMMENTS = {"MAX_DEPTH": 2}
    top = CommentFactory(article=a_published_article)
    deepest = CommentFactory(article=a_published_article, parent=top)
    reply = moderation.staff_reply(deepest, by=editor, body="Thanks")
    assert (reply.parent, reply.depth) == (top, 2)


def test_only_moderation_changes_status():
    """comments/moderation.py is the one module that assigns a comment's status."""
    import re
    from pathlib import Path

    assignment = re.compile(
        r"(comment|reply)\w*\.status\s*=[^=]|Comment\.objects.*update\(.*status"
    )
    root = Path(__file__).resolve().parents[2]
    offenders = [
        path.relative_to(root).as_posix()
        for app in ("articles", "comments", "newsroom")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        and path.name != "moderation.py"
        and assignment.search(path.read_text())
    ]
    assert offenders == []


def test_a_decision_reads_the_comment_afresh_under_lock(a_pending_comment, moderator, editor):
    # Two moderators opened the same pending comment; the first approves it, the second
    # (whose copy still says "pending") removes it. The count must follow the real row.
    seen_by_second = Comment.objects.get(pk=a_pending_comment.pk)
    moderation.approve(a_pending_comment, by=moderator)
    assert approved_count(a_pending_comment.article) == 1
    assert moderation.remove(seen_by_second, by=editor)
    assert approved_count(a_pending_comment.article) == 0
    assert ModerationLog.objects.order_by("at").last().from_status == Comment.Status.APPROVED
    assert seen_by_second.status == Comment.Status.REMOVED


def article_updates(queries):
    return [q for q in queries if q["sql"].lstrip().upper().startswith('UPDATE "ARTICLES_ARTICLE"')]


def test_a_bulk_decision_recounts_each_article_once(moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticleFactory

    first, second = ArticleFactory(), ArticleFactory()
    for article in (first, first, first, second, second):
        CommentFactory(article=article, status=Comment.Status.PENDING)
    with CaptureQueriesContext(connection) as queries:
        changed = moderation.decide_all(
            Comment.objects.all(), Comment.Status.APPROVED, by=moderator
        )
    assert changed == 5
    assert (approved_count(first), approved_count(second)) == (3, 2)
    assert len(article_updates(queries.captured_queries)) == 2


def test_a_status_change_is_announced_after_the_commit(
    a_pending_comment, moderator, django_capture_on_commit_callbacks
):
    from comments.signals import comment_status_changed

    heard = []

    def listener(sender, comment, previous, status, by, **kwargs):
        heard.append((comment.pk, previous, status, by))

    comment_status_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            moderation.approve(a_pending_comment, by=moderator)
            moderation.approve(a_pending_comment, by=moderator)  # no change, no signal
            assert heard == []  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        comment_status_changed.disconnect(listener)
    assert heard == [(a_pending_comment.pk, "pending", "approved", moderator)]


def test_a_bulk_decision_announces_each_changed_comment(
    a_published_article, moderator, django_capture_on_commit_callbacks
):
    from comments.signals import comment_status_changed

    comments = [
        CommentFactory(article=a_published_article, status=status)
        for status in (Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.SPAM)
    ]
    heard = []

    def listener(sender, comment, previous, status, **kwargs):
        heard.append((comment.pk, previous, status))

    comment_status_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            moderation.decide_all(Comment.objects.all(), Comment.Status.REMOVED, by=moderator)
    finally:
        comment_status_changed.disconnect(listener)
    assert sorted(heard) == [
        (comments[0].pk, "pending", "removed"),
        (comments[1].pk, "approved", "removed"),
        (comments[2].pk, "spam", "removed"),
    ]
    assert approved_count(a_published_article) == 0


def test_a_sections_comment_policy_reaches_its_subsections(client):
    """Closing “Law & Justice” closes “Coca/Cocaine” under it, by the same rule that
    puts a subsection's stories in the section's archive and feed."""
    law = CategoryFactory(name="Law & Justice", comment_policy=CommentPolicy.CLOSED)
    coca = CategoryFactory(name="Coca/Cocaine", parent=law)
    story = ArticleFactory(categories=[coca])
    elsewhere = ArticleFactory(categories=[CategoryFactory(name="Culture")])
    assert list(Article.objects.in_section(law)) == [story]
    assert story.sections() == [coca, law]
    assert moderation.closed_reason(story) == "Comments are closed on articles in Law & Justice."
    response = client.post(post_url(story), comment_data(story))
    assert response.status_code == 403
    assert moderation.closed_reason(elsewhere) is None
    law.comment_policy = CommentPolicy.HOLD
    law.save()
    cache.clear()
    client.post(post_url(story), comment_data(story, body="Held, not published."))
    held = Comment.objects.get(body="Held, not published.")
    assert held.status == Comment.Status.PENDING
    assert "Every comment in “Law & Justice” is held" in held.held_reason


@pytest.mark.parametrize("filed_under", ["main", "sub"])
def test_in_section_and_sections_agree(filed_under):
    law = CategoryFactory(name="Law & Justice")
    courts = CategoryFactory(name="Courts", parent=law)
    article = ArticleFactory(categories=[law if filed_under == "main" else courts])
    for category in (law, courts):
        in_archive = Article.objects.in_section(category).filter(pk=article.pk).exists()
        assert in_archive == (category in article.sections())


def test_a_bulk_decision_is_one_purge(moderator, monkeypatch):
    from newsroom import pagecache
    from tests.factories import ArticleFactory

    purges = []
    monkeypatch.setattr(pagecache, "_purge_now", purges.append)
    articles = [ArticleFactory() for _ in range(3)]
    for article in articles:
        CommentFactory(article=article, status=Comment.Status.PENDING)
    purges.clear()
    moderation.decide_all(Comment.objects.all(), Comment.Status.APPROVED, by=moderator)
    assert purges == [{f"comments:{article.pk}" for article in articles}]


def test_a_one_click_decision_is_one_purge(moderator, monkeypatch, a_pending_comment):
    from newsroom import pagecache

    purges = []
    monkeypatch.setattr(pagecache, "_purge_now", purges.append)
    moderation.approve(a_pending_comment, by=moderator)
    assert purges == [{f"comments:{a_pending_comment.article_id}"}]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reply_whose_parent_is_deleted_as_it_is_stored_is_refused_not_a_500(monkeypatch):
    """Foreign keys are checked when the comment's transaction commits: a parent deleted
    in between is refused like any comment that cannot be kept, never an error page."""
    from django.db import connection

    article = ArticleFactory()
    parent = CommentFactory(article=article)
    reply = Comment(
        article=article,
        parent=parent,
        name="Ana",
        email="ana@example.org",
        body="A reply",
        ip_address="203.0.113.8",
    )

    def parent_deleted_meanwhile(*args):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Comment._meta.db_table} WHERE id = %s", [parent.pk])

    monkeypatch.setattr(moderation, "_check_surge", parent_deleted_meanwhile)
    with pytest.raises(moderation.DuplicateComment):
        moderation.receive(reply, policy="approve_clean", notify=False)
    assert not Comment.objects.filter(body="A reply").exists()
