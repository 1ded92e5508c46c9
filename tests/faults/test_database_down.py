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
