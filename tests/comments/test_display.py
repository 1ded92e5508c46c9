"""The comment threads on a page kept for every reader: rendered once per thread change."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains

from comments import moderation
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def comment_queries(url):
    """GET ``url`` as a new anonymous reader; the response and the comment queries run."""
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    return response, [q["sql"] for q in captured if "comments_comment" in q["sql"]]


def test_a_page_rendered_again_for_another_reason_reuses_its_unchanged_threads():
    story = ArticleFactory(headline="Bridge reopens in Juliaca")
    CommentFactory(article=story, body="About time, the detour took an hour.")
    url = story.get_absolute_url()
    Client().get(url)
    for headline in ("Bridge reopens in Juliaca after repairs", "Bridge reopens, tolls stay"):
        story.headline = headline
        story.save()  # the page is purged; its comments did not change
        response, queries = comment_queries(url)
        assertContains(response, headline)
        assertContains(response, "About time, the detour took an hour.")
    assert queries == []  # the second re-render took the threads as they were


def test_a_changed_thread_is_shown_at_once_on_a_page_whose_threads_were_kept():
    story = ArticleFactory()
    CommentFactory(article=story, body="First remark on the story.")
    held = CommentFactory(article=story, status=Comment.Status.PENDING, body="A held remark.")
    url = story.get_absolute_url()
    for _ in range(3):  # rendered, threads kept, served
        story.save()
        Client().get(url)

    moderation.approve(held, by=UserFactory(is_staff=True))
    response, queries = comment_queries(url)
    assertContains(response, "A held remark.")
    assert queries  # read afresh

    story.save()
    response, queries = comment_queries(url)
    assertContains(response, "A held remark.")
    assert queries == []  # and kept again


def test_each_page_of_comments_keeps_its_own_threads(settings):
    settings.COMMENTS = {"PER_PAGE": 1}
    story = ArticleFactory()
    CommentFactory(article=story, body="The first of two remarks.")
    CommentFactory(article=story, body="The second of two remarks.")
    url = story.get_absolute_url()
    for _ in range(2):
        story.save()
        first, second = Client().get(url), Client().get(f"{url}?cpage=2")
    assertContains(first, "The first of two remarks.")
    assertContains(second, "The second of two remarks.")
    assert "The second of two remarks." not in first.content.decode()
