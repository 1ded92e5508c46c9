"""API answers are kept like pages: purged by the same keys, revalidated with 304s."""

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Correction
from comments.moderation import approve
from newsroom import pagecache
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db


def fetched(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), response.content
    return response


def test_an_edit_changes_the_cached_detail_and_lists(client, a_published_article, editor):
    detail, listing = f"/api/v1/articles/{a_published_article.pk}", "/api/v1/articles"
    fetched(client, detail), fetched(client, listing)
    assert fetched(client, detail)["X-Page-Cache"] == "hit"
    assert fetched(client, listing)["X-Page-Cache"] == "hit"
    article = Article.objects.get(pk=a_published_article.pk)
    article.headline = "Council rejects budget"
    article.save()
    assert fetched(client, detail).json()["headline"] == "Council rejects budget"
    assert fetched(client, listing).json()["items"][0]["headline"] == "Council rejects budget"


def test_unpublishing_removes_it_from_cached_answers(client, a_published_article):
    section = CategoryFactory(slug="politics")
    a_published_article.categories.set([section])
    url = "/api/v1/articles?section=politics"
    assert len(fetched(client, url).json()["items"]) == 1
    assert fetched(client, url)["X-Page-Cache"] == "hit"
    a_published_article.status = Article.Status.DRAFT
    a_published_article.save()
    assert fetched(client, url).json()["items"] == []
    assert client.get(f"/api/v1/articles/{a_published_article.pk}").status_code == 404


def test_a_correction_a_renamed_section_and_an_approved_comment_show(
    client, a_published_article, moderator
):
    section = CategoryFactory(name="Politics")
    a_published_article.categories.set([section])
    detail = f"/api/v1/articles/{a_published_article.pk}"
    comments = f"{detail}/comments"
    fetched(client, detail), fetched(client, comments), fetched(client, "/api/v1/sections")
    Correction.objects.create(article=a_published_article, text="A name was misspelt.")
    assert fetched(client, detail).json()["corrections"][0]["text"] == "A name was misspelt."
    section.name = "Politics and power"
    section.save()
    assert fetched(client, detail).json()["sections"][0]["name"] == "Politics and power"
    assert fetched(client, "/api/v1/sections").json()["items"][0]["name"] == "Politics and power"
    comment = CommentFactory(article=a_published_article, status="pending")
    assert fetched(client, comments).json()["items"] == []
    assert fetched(client, detail).json()["comment_count"] == 0
    approve(comment, by=moderator)
    assert [c["id"] for c in fetched(client, comments).json()["items"]] == [comment.pk]
    assert fetched(client, detail).json()["comment_count"] == 1


def test_etag_and_last_modified_answer_304_until_a_change(client, a_published_article):
    url = f"/api/v1/articles/{a_published_article.pk}"
    first = fetched(client, url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    assert fetched(client, url, if_none_match=etag).status_code == 304
    assert fetched(client, url, if_modified_since=modified).status_code == 304
    with time_machine.travel(timezone.now().timestamp() + 5):
        a_published_article.headline = "Changed"
        a_published_article.save()
        assert fetched(client, url, if_none_match=etag).status_code == 200
        assert fetched(client, url, if_modified_since=modified).status_code == 200


def test_uncached_answers_get_an_etag_and_304_too(client, a_published_article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    first = fetched(client, "/api/v1/sections")
    assert first["ETag"]
    assert fetched(client, "/api/v1/sections", if_none_match=first["ETag"]).status_code == 304


def test_answers_carry_their_surrogate_keys_for_the_edge(client, a_published_article):
    section = CategoryFactory(slug="politics")
    response = fetched(client, "/api/v1/articles?section=politics")
    assert f"section:{section.pk}" in response["xkey"].split()
    response = fetched(client, f"/api/v1/articles/{a_published_article.pk}")
    assert f"article:{a_published_article.pk}" in response["xkey"].split()
    assert "public" in response["Cache-Control"]


def test_other_query_parameters_share_one_cached_answer(client):
    ArticleFactory()
    fetched(client, "/api/v1/articles?limit=5")
    assert fetched(client, "/api/v1/articles?limit=5&utm_source=x")["X-Page-Cache"] == "hit"
    assert fetched(client, "/api/v1/articles?limit=6")["X-Page-Cache"] == "miss"


def test_a_list_after_a_publication_represents_only_the_new_article(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    """Every publication purges the lists; the summaries of the articles already on them
    are reused, and a renamed section or author still shows on every one."""
    section = CategoryFactory(name="Politics")
    older = [ArticleFactory(categories=[section]) for _ in range(3)]
    fetched(client, "/api/v1/articles")
    with django_assert_num_queries(1):  # the page's rows: every summary was kept
        pagecache.purge("articles")
        listing = fetched(client, "/api/v1/articles")
    assert listing["X-Page-Cache"] == "miss"
    assert {item["id"] for item in listing.json()["items"]} == {a.pk for a in older}
    new = ArticleFactory(headline="Bridge reopens", categories=[section])
    with django_assert_max_num_queries(3) as queries:  # rows, then the new one's relations
        items = fetched(client, "/api/v1/articles").json()["items"]
    assert [items[0]["id"], items[0]["headline"]] == [new.pk, "Bridge reopens"]
    assert f"IN ({new.pk})" in queries.captured_queries[1]["sql"]
    section.name = "Politics and power"
    section.save()
    items = fetched(client, "/api/v1/articles").json()["items"]
    assert {item["sections"][0]["name"] for item in items} == {"Politics and power"}
