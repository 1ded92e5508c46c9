"""Holding every comment on one story: by a moderator's switch (pre-moderation), and
by itself for a while when a story gets a rush of comments (surge protection)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from comments import moderation
from comments.models import Comment, StoryModeration
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def arrive(article, n=0, **fields):
    comment = Comment(
        article=article,
        name=f"Reader {n}",
        email=f"reader{n}@example.org",
        body=f"Comment {n} on the story.",
        **fields,
    )
    return moderation.receive(comment, policy="approve_clean", notify=False)


def test_a_moderator_holds_every_comment_on_one_story_from_the_desk(
    client, moderator, django_capture_on_commit_callbacks
):
    """Every post reads the story holds from the shared cache (read here by the first
    arrival); the hold rewrites it once committed, and the lift too."""
    story, other = ArticleFactory(), ArticleFactory()
    waiting = CommentFactory(article=story, status="pending")
    assert arrive(story, 1).status == "approved"
    client.force_login(moderator)
    queue = client.get(QUEUE)
    hold = reverse("admin:comments_comment_hold_story", args=[story.pk])
    assertContains(queue, f'formaction="{hold}?next=')
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{hold}?next={QUEUE}", {"hold": "1"})
    assert response.status_code == 302 and response.url == QUEUE
    assert StoryModeration.objects.get(article=story).updated_by == moderator

    held = arrive(story, 2)
    assert held.status == "pending"
    assert "Every comment on this story is held for review." in held.held_reason
    assert arrive(other, 3).status == "approved"  # only that story
    assertContains(client.get(QUEUE), "Every comment held")
    assert waiting.status == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(hold, {"hold": "0"})
    assert arrive(story, 4).status == "approved"


def test_the_hold_switch_shows_once_per_story_on_a_page(client, moderator):
    story, other = ArticleFactory(), ArticleFactory()
    for _ in range(3):
        CommentFactory(article=story, status="pending")
    CommentFactory(article=other, status="pending")
    client.force_login(moderator)
    queue = client.get(QUEUE)
    for article in (story, other):
        hold = reverse("admin:comments_comment_hold_story", args=[article.pk])
        assertContains(queue, f'formaction="{hold}?next=', count=1)


def test_only_moderators_hold_stories(client, writer):
    story = ArticleFactory()
    client.force_login(writer)
    hold = reverse("admin:comments_comment_hold_story", args=[story.pk])
    assert client.post(hold, {"hold": "1"}).status_code == 403
    assert client.get(hold).status_code == 405
    assert not StoryModeration.objects.exists()


def test_a_surge_holds_the_story_for_a_while_and_tells_the_moderators(
    client, moderator, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS = {"SURGE_COMMENTS": 3, "SURGE_MINUTES": 10, "SURGE_HOLD_MINUTES": 60}
    story, calm = ArticleFactory(headline="Dam breaks upstream"), ArticleFactory()
    CommentFactory(article=story, submitted_at=timezone.now() - timedelta(minutes=30))
    statuses = []
    for n in range(5):  # each its own request: what it commits counts for the next
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(arrive(story, n).status)
    # The fourth in ten minutes starts the surge; it was decided before, the fifth is held.
    assert statuses == ["approved"] * 4 + ["pending"]
    assert (
        "Surge: every comment on this story is held until"
        in Comment.objects.get(body="Comment 4 on the story.").held_reason
    )
    story_hold = StoryModeration.objects.get(article=story)
    assert story_hold.in_surge() and not story_hold.hold_all
    assert [m.subject for m in mail.outbox] == [
        "[The Valley Courier] Comment surge on Dam breaks upstream"
    ]
    assert "received 4 comments in 10 minutes" in mail.outbox[0].body
    assert arrive(calm, 9).status == "approved"

    client.force_login(moderator)
    assertContains(client.get(QUEUE), "Surge: all held until")

    # An hour later the rush is over: comments are published again.
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert arrive(story, 20).status == "approved"
