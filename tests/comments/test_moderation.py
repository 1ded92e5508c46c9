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
