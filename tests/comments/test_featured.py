"""Editors' picks: a moderator features a comment from the desk; it shows first under
the article, marked, on the cached page too."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from comments import moderation
from comments.models import Comment, ModerationLog
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def decide(client, comment, decision):
    return client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk]), {"decision": decision}
    )


def test_a_pick_shows_first_and_marked_on_the_cached_page(client, moderator, a_published_article):
    first = CommentFactory(article=a_published_article, body="First in time.")
    pick = CommentFactory(article=a_published_article, body="The best argument here.")
    url = a_published_article.get_absolute_url()
    page = client.get(url).content.decode()
    assert page.index("First in time.") < page.index("The best argument here.")
    assert client.get(url)["X-Page-Cache"] == "hit"

    staff = client.__class__()
    staff.force_login(moderator)
    queue = staff.get(QUEUE, {"status": "approved"})
    assertContains(queue, 'value="feature" data-key="feature">Pick<')
    decide(staff, pick, "feature")

    page = client.get(url).content.decode()
    assert page.index("The best argument here.") < page.index("First in time.")
    assert page.count("Editor’s pick") == 1
    assert f'id="comment-{pick.pk}" class="comment comment-featured"' in page
    assert f'id="comment-{first.pk}" class="comment"' in page
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.by) == ("feature", moderator)
    assertContains(staff.get(QUEUE, {"status": "approved"}), "Unpick")


def test_a_pick_can_be_undone_and_leaves_with_its_comment(moderator, a_published_article):
    pick = CommentFactory(article=a_published_article)
    assert moderation.feature(pick, by=moderator)
    moderation.undo(moderation.undoable(moderator), by=moderator)
    pick.refresh_from_db()
    assert not pick.is_featured
    moderation.feature(pick, by=moderator)
    moderation.remove(pick, by=moderator)  # a removed comment is nobody's pick
    pick.refresh_from_db()
    assert not pick.is_featured


@pytest.mark.parametrize("status", ["pending", "spam", "removed", "reported"])
def test_only_published_top_level_comments_can_be_picked(moderator, a_published_article, status):
    hidden = CommentFactory(article=a_published_article, status=status)
    reply = CommentFactory(article=a_published_article, parent=CommentFactory())
    assert not moderation.feature(hidden, by=moderator)
    assert not moderation.feature(reply, by=moderator)
    assert not Comment.objects.filter(is_featured=True).exists()


def test_writers_cannot_pick(client, writer, a_published_article):
    comment = CommentFactory(article=a_published_article)
    client.force_login(writer)
    assert decide(client, comment, "feature").status_code == 403
    comment.refresh_from_db()
    assert not comment.is_featured
    assertNotContains(client.get(a_published_article.get_absolute_url()), "Editor’s pick")
