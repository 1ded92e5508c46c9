"""An article page rendered again for a reason other than its comments (a related story
changed) reuses its rendered thread; any change to the thread shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import moderation
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """A cached article page with a thread, and a related story shown on it."""
    article = ArticleFactory(headline="Harbour dredging begins", tags=["harbour"])
    related = ArticleFactory(headline="Port authority elects a chair", tags=["harbour"])
    top = CommentFactory(article=article, body="The first comment.")
    CommentFactory(article=article, parent=top, body="A reply to it.")
    url = article.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"
    return article, related, top, url


def comment_queries(captured):
    return [q["sql"] for q in captured if '"comments_comment"' in q["sql"]]


def test_a_related_story_changing_renders_the_page_but_not_its_thread_again(story):
    article, related, _top, url = story
    before = Client().get(url).content.decode()
    related.headline = "Port authority elects a new chair"
    related.save()
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    page = response.content.decode()
    assert "Port authority elects a new chair" in page
    assert comment_queries(captured) == []
    thread = before.split('<ol class="comment-list">', 1)[1].split('<div id="respond"', 1)[0]
    assert thread in page


def test_a_change_to_the_thread_shows_at_once(story):
    article, related, top, url = story
    held = CommentFactory(article=article, parent=top, status=Comment.Status.PENDING)
    related.save()  # the page renders again, its thread too: the reply is not approved yet
    assert held.body not in Client().get(url).content.decode()
    moderation.approve(held, by=UserFactory(is_staff=True))
    page = Client().get(url).content.decode()
    assert held.body in page
    assert "2 Comments" in page or "3 Comments" in page


def test_closing_comments_takes_the_reply_links_off_the_kept_thread(story):
    article, _related, top, url = story
    assert f"?replyto={top.pk}#respond" in Client().get(url).content.decode()
    article.allow_comments = False
    article.save()
    page = Client().get(url).content.decode()
    assert "Comments are closed." in page
    assert "replyto=" not in page
