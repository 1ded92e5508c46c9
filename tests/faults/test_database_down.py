"""The database unreachable: a clean 503 that asks to retry, never a stack trace."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_database_error_gives_a_503_that_needs_no_database(a_published_article):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "articles.views.ArticleListView.get_queryset",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "be back in a moment" in response.content.decode()


def test_other_errors_still_give_the_500_page(a_published_article):
    client = Client(raise_request_exception=False)
    with mock.patch("articles.views.ArticleListView.get_queryset", side_effect=ValueError):
        response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_comment_answered_with_a_503_was_not_kept(a_published_article, settings):
    """The database gone between storing a comment and counting it: the reader is asked
    to retry, so the comment must not be half-kept (a retry would be refused as a
    duplicate of a comment they were told was not taken)."""
    from comments.models import Comment
    from tests.comments.helpers import comment_data, post_url

    settings.COMMENTS = {**settings.COMMENTS, "POLICY": "approve_clean"}
    client = Client(raise_request_exception=False)
    with mock.patch(
        "comments.moderation.recount",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.post(post_url(a_published_article), comment_data(a_published_article))
    assert response.status_code == 503
    assert not Comment.objects.exists()
