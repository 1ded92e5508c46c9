"""Cursor pagination: every list endpoint walked to its last page, in fixed queries."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from comments.models import Comment
from comments.moderation import recount
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(request):
    """Three hundred published articles (several sharing a publication time), a draft,
    and thirty each of sections, sources, authors and tags, and 75 comments on one story."""
    size = getattr(request, "param", 300)
    now = timezone.now()
    sections = [CategoryFactory() for _ in range(30)]
    sources = [SourceFactory() for _ in range(30)]
    authors = [AuthorFactory() for _ in range(30)]
    for n in range(size):
        ArticleFactory(
            # Ten articles per minute: the cursor must break ties on the id.
            published_at=now - timedelta(minutes=1 + n // 10),
            categories=[sections[n % 30]],
            source=sources[n % 30],
            authors=[authors[n % 30]],
            tags=[f"tag {n % 30}"],
        )
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, tags=["draft only"])
    story = Article.objects.published().first()
    comments = [CommentFactory(article=story, recount=False) for _ in range(70)]
    for n in range(5):
        CommentFactory(article=story, parent=comments[n], recount=False)
    CommentFactory(article=story, status=Comment.Status.PENDING, recount=False)
    recount(story.pk)
    return story


def walk(client, url, limit):
    """Every item of a list endpoint, following ``next`` to the last page."""
    items, pages = [], 0
    url = f"{url}{'&' if '?' in url else '?'}limit={limit}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        url, pages = body["next"], pages + 1
    return items, pages


def test_every_list_endpoint_walks_to_its_last_page_once_each(client, newsroom):
    Category, Source, Author = (
        model._meta.model for model in (CategoryFactory, SourceFactory, AuthorFactory)
    )
    section = newsroom.categories.get()
    expected = {
        "/api/v1/articles": Article.objects.published().order_by("-published_at", "-pk"),
        f"/api/v1/articles?section={section.slug}": Article.objects.published()
        .filter(categories=section)
        .order_by("-published_at", "-pk"),
        "/api/v1/sections": Category.objects.order_by("position", "name", "pk"),
        "/api/v1/sources": Source.objects.order_by("name", "pk"),
        "/api/v1/authors": Author.objects.order_by("name", "pk"),
        # Only tags of published articles.
        "/api/v1/tags": Tag.objects.exclude(name="draft only").order_by("name", "pk"),
        f"/api/v1/articles/{newsroom.pk}/comments": Comment.objects.approved()
        .filter(article=newsroom)
        .order_by("submitted_at", "pk"),
    }
    for endpoint, rows in expected.items():
        limit = 23 if "sections" not in endpoint else 7
        items, pages = walk(client, endpoint, limit)
        ids = [item["id"] for item in items]
        assert ids == [row.pk for row in rows], endpoint
        assert pages == max(1, -(-len(ids) // limit)), endpoint
    assert len(walk(client, "/api/v1/articles", 100)[0]) == 300
    comments, _ = walk(client, f"/api/v1/articles/{newsroom.pk}/comments", 10)
    assert len(comments) == 75
    assert not {"email", "ip_address", "user_agent"} & set(comments[0])


@pytest.mark.parametrize("newsroom", [60], indirect=True)
def test_a_page_costs_the_same_queries_at_any_depth(
    client, newsroom, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered
    for endpoint in ("/api/v1/articles", "/api/v1/sections", "/api/v1/tags", "/api/v1/authors"):
        first = client.get(f"{endpoint}?limit=3").json()
        # Articles: the page, then its sections and its authors (source is joined).
        with django_assert_max_num_queries(3):
            deep = client.get(first["next"])
        assert deep.status_code == 200
        assert len(deep.json()["items"]) == 3


@pytest.mark.parametrize("newsroom", [60], indirect=True)
def test_detail_and_comments_run_fixed_queries(
    client, newsroom, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    # The article, then its sections, authors, tags and corrections, and the moderators'
    # rules (whether comments are open) until the cache holds them.
    with django_assert_max_num_queries(6):
        assert client.get(f"/api/v1/articles/{newsroom.pk}").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"/api/v1/articles/{newsroom.pk}/comments?limit=100").status_code == 200
    section = newsroom.categories.get()
    # The section by its slug, then the page, its sections and its authors.
    with django_assert_max_num_queries(4):
        assert client.get(f"/api/v1/articles?section={section.slug}&limit=100").status_code == 200


@pytest.mark.parametrize("newsroom", [3], indirect=True)
@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "W10",  # []
        "WzEsMiwzLDRd",  # [1,2,3,4]
        "eyJhIjogMX0",  # {"a": 1}
        "W251bGwsIG51bGxd",  # [null, null]
        "WyJhIiwgbnVsbF0",  # ["a", null]
    ],
)
@pytest.mark.parametrize(
    "endpoint", ["articles", "sections", "tags", "sources", "authors", "articles/{pk}/comments"]
)
def test_a_forged_cursor_is_a_400_not_a_500(client, newsroom, cursor, endpoint):
    response = client.get(f"/api/v1/{endpoint.format(pk=newsroom.pk)}", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize("newsroom", [3], indirect=True)
@pytest.mark.parametrize("limit", ["0", "-5", "101"])
def test_a_limit_out_of_range_is_refused_not_bent(client, newsroom, limit):
    response = client.get("/api/v1/tags", {"limit": limit})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "limit"
