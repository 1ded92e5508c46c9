"""The article's change form costs a fixed number of queries, however many sections,
authors, tags, corrections and revisions the article has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Correction
from tests.articles.test_admin import ADD, article_form
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

# Measured on an editor's view of a published article: session and user, the article,
# its sections, authors, tags, corrections, revisions, edit lock, checklist, the sidebar.
CHANGE_FORM_QUERIES = 29


def rich_article(size, editor):
    """An article with ``size`` of each thing the form shows, and ``size`` revisions."""
    main = CategoryFactory()
    article = ArticleFactory(
        categories=[CategoryFactory(parent=main) for _ in range(size)],
        authors=[AuthorFactory() for _ in range(size)],
        tags=[f"tag {n}" for n in range(size)],
    )
    for n in range(size):
        Correction.objects.create(article=article, text=f"Correction {n}.", created_by=editor)
    return article


def queries_for(client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_count_does_not_grow_with_the_article(client, editor):
    client.force_login(editor)
    small = queries_for(client, rich_article(1, editor))
    large = queries_for(client, rich_article(12, editor))
    assert large == small


def test_the_change_form_stays_within_its_budget(client, editor, django_assert_max_num_queries):
    article = rich_article(12, editor)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    with django_assert_max_num_queries(CHANGE_FORM_QUERIES):
        assert client.get(url).status_code == 200


def test_a_refused_publication_stays_within_its_budget(
    client, editor, django_assert_max_num_queries
):
    """The checklist on a form sent back with errors costs no query per section."""
    client.force_login(editor)
    sections = [CategoryFactory(parent=CategoryFactory()).pk for _ in range(12)]
    data = article_form(status="published", categories=sections, image_credit="")
    data["body"] = '<p><a href="http://localhost/x">x</a></p>'
    with django_assert_max_num_queries(CHANGE_FORM_QUERIES):
        response = client.post(ADD, data)
    assert response.status_code == 200
