"""Articles through the API: what is visible, filters, the detail's content."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, Correction
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    SourceFactory,
)
from tests.site.test_renditions import two_halves

pytestmark = pytest.mark.django_db


def headlines(response):
    assert response.status_code == 200, response.content
    return [item["headline"] for item in response.json()["items"]]


def test_lists_only_what_published_allows(client, a_published_article, a_draft_article):
    ArticleFactory(headline="Tomorrow", published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(headline="In review", status=Article.Status.REVIEW)
    assert headlines(client.get("/api/v1/articles")) == ["Council approves budget"]
    assert client.get(f"/api/v1/articles/{a_draft_article.pk}").status_code == 404
    assert client.get(f"/api/v1/articles/{a_published_article.pk}").status_code == 200


def test_filters_by_section_with_its_subsections_tag_source_and_author(client):
    politics = CategoryFactory(slug="politics")
    courts = CategoryFactory(slug="courts", parent=politics)
    agency, reporter = SourceFactory(slug="andina"), AuthorFactory(slug="rosa")
    ArticleFactory(headline="In politics", categories=[politics], tags=["vote"])
    ArticleFactory(headline="In courts", categories=[courts], source=agency)
    ArticleFactory(headline="Elsewhere", authors=[reporter])
    assert sorted(headlines(client.get("/api/v1/articles?section=politics"))) == [
        "In courts",
        "In politics",
    ]
    assert headlines(client.get("/api/v1/articles?section=courts")) == ["In courts"]
    assert headlines(client.get("/api/v1/articles?tag=vote")) == ["In politics"]
    assert headlines(client.get("/api/v1/articles?source=andina")) == ["In courts"]
    assert headlines(client.get("/api/v1/articles?author=rosa")) == ["Elsewhere"]
    assert headlines(client.get("/api/v1/articles?section=politics&source=andina")) == ["In courts"]
    missing = client.get("/api/v1/articles?section=nowhere")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/json")


def test_filters_by_date_range_and_searches_like_the_site(client):
    now = timezone.now()
    ArticleFactory(headline="Old flood report", published_at=now - timedelta(days=10))
    ArticleFactory(headline="New flood report", published_at=now - timedelta(days=1))
    ArticleFactory(headline="Budget news", published_at=now - timedelta(days=2))
    after = (now - timedelta(days=5)).isoformat()
    response = client.get("/api/v1/articles", {"published_after": after})
    assert headlines(response) == ["New flood report", "Budget news"]
    before = (now - timedelta(days=5)).isoformat()
    assert headlines(client.get("/api/v1/articles", {"published_before": before})) == [
        "Old flood report"
    ]
    # A date alone is midnight in the newsroom's time zone.
    day = timezone.localdate(now - timedelta(days=5)).isoformat()
    assert headlines(client.get("/api/v1/articles", {"published_before": day})) == [
        "Old flood report"
    ]
    assert client.get("/api/v1/articles", {"published_after": "yesterday"}).status_code == 422
    assert headlines(client.get("/api/v1/articles", {"q": "flood"})) == [
        "New flood report",
        "Old flood report",
    ]
    assert headlines(client.get("/api/v1/articles", {"q": "flood -old"})) == ["New flood report"]


def test_detail_has_body_taxonomy_corrections_and_image_renditions(
    client, django_capture_on_commit_callbacks
):
    section = CategoryFactory(name="Politics", slug="politics")
    article = ArticleFactory(
        headline="With everything",
        body="<p>Body <strong>text</strong>.</p>",
        categories=[section],
        tags=["Elections"],
        authors=[AuthorFactory(name="Rosa Díaz")],
        source=SourceFactory(name="Andina"),
        image_alt="The council chamber",
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.image.save("chamber.jpg", ContentFile(two_halves((1400, 900))), save=True)
    Correction.objects.create(article=article, text="An earlier version misspelt a name.")
    data = client.get(f"/api/v1/articles/{article.pk}").json()
    assert data["body_html"] == "<p>Body <strong>text</strong>.</p>"
    assert [s["name"] for s in data["sections"]] == ["Politics"]
    assert [t["name"] for t in data["tags"]] == ["Elections"]
    assert data["authors"][0]["name"] == "Rosa Díaz"
    assert data["source"]["name"] == "Andina"
    assert data["corrections"][0]["text"] == "An earlier version misspelt a name."
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    image = data["image"]
    assert image["alt"] == "The council chamber"
    assert (image["width"], image["height"]) == (1400, 900)
    # The renditions the site's <picture> uses, every width, as absolute addresses.
    full = image["renditions"]["full"]
    assert [f["width"] for f in full["webp"]] == [320, 480, 640, 960, 1280]
    assert all(f["url"].startswith("http://testserver/") for f in full["jpeg"])
    assert image["renditions"]["card"]["height"] == 1280 * 2 // 3
