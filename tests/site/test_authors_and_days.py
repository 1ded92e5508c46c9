"""Author pages, bylines that reach them, and day archives reached from the date line."""

import re
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from tests.articles.images import tiny_png
from tests.articles.test_pages import json_ld
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa():
    author = AuthorFactory(
        name="Rosa Huamán",
        slug="rosa-huaman",
        role="Courts reporter",
        bio="Covers the courts of the valley.",
        email="rosa@example.org",
        website="https://rosa.example.org/",
        social_links="https://bsky.app/profile/rosa.example.org\nhttps://mastodon.social/@rosa",
    )
    author.photo.save("rosa.png", ContentFile(tiny_png((40, 40))), save=True)
    return author


def test_day_archive_lists_that_days_stories(client):
    on_the_day = ArticleFactory(published_at=datetime(2026, 11, 27, 9, tzinfo=UTC))
    ArticleFactory(published_at=datetime(2026, 11, 26, 9, tzinfo=UTC))
    response = client.get("/2026/11/27/")
    assert response.status_code == 200
    assert list(response.context["article_list"]) == [on_the_day]
    assertContains(response, "<h1>27 November 2026</h1>", html=True)
    assertContains(response, '<a href="/2026/11/">All of November</a>', html=True)
    assert client.get("/2026/2/30/").status_code == 404


@override_settings(TIME_ZONE="America/Lima")
def test_day_archive_follows_the_newsrooms_time_zone(client):
    # 02:00 UTC on the 28th is still the evening of the 27th in Lima.
    late = ArticleFactory(published_at=datetime(2025, 11, 28, 2, tzinfo=UTC))
    assert list(client.get("/2025/11/27/").context["article_list"]) == [late]
    assert list(client.get("/2025/11/28/").context["article_list"]) == []


def test_article_date_line_links_to_its_day_and_month(client):
    article = ArticleFactory(published_at=datetime(2026, 11, 27, 14, 5, tzinfo=UTC))
    response = client.get(article.get_absolute_url())
    assertContains(response, 'href="/2026/11/27/"')
    assertContains(response, 'href="/2026/11/"')
    assertContains(response, ">November 2026</a>, 14:05</time>")


def test_author_page_shows_who_they_are_and_how_to_reach_them(client, rosa):
    theirs = ArticleFactory(authors=[rosa], headline="Court rules on water rights")
    ArticleFactory(headline="Someone else's story")
    response = client.get("/author/rosa-huaman/")
    assertContains(response, "<h1>Rosa Huamán</h1>", html=True)
    assertContains(response, "Courts reporter")
    assertContains(response, "Covers the courts of the valley.")
    # Until its renditions exist (no commit in this test), the original.
    assertContains(
        response,
        f'<img class="author-photo" src="{rosa.photo.url}" alt="Rosa Huamán" width="40" '
        'height="40" decoding="async">',
        html=True,
    )
    assertContains(response, '<a href="mailto:rosa@example.org">rosa@example.org</a>', html=True)
    assertContains(
        response,
        '<a href="https://bsky.app/profile/rosa.example.org" rel="me noopener">Bluesky</a>',
        html=True,
    )
    assertContains(response, "Mastodon (mastodon.social)")
    assertContains(response, theirs.headline)
    assertNotContains(response, "Someone else")
    assertContains(response, 'href="/author/rosa-huaman/feed/"')
    assertContains(response, 'href="/author/rosa-huaman/feed/atom/"')
    profile = json_ld(response)
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["jobTitle"] == "Courts reporter"
    assert profile["mainEntity"]["sameAs"][0] == "https://rosa.example.org/"


def test_author_feeds_carry_only_their_stories(client, rosa):
    ArticleFactory(authors=[rosa], headline="Court rules on water rights")
    ArticleFactory(headline="Someone else's story")
    for url in ("/author/rosa-huaman/feed/", "/author/rosa-huaman/feed/atom/"):
        response = client.get(url)
        assert response.status_code == 200
        assertContains(response, "Court rules on water rights")
        assertNotContains(response, "Someone else")


def test_bylines_on_cards_and_article_link_to_author_pages(client, rosa):
    article = ArticleFactory(authors=[rosa])
    for url in ("/", article.get_absolute_url()):
        assertContains(client.get(url), '<a href="/author/rosa-huaman/">Rosa Huamán</a>', html=True)


def test_social_links_must_be_web_addresses(rosa):
    rosa.social_links = "https://x.com/rosa\n@rosa"
    with pytest.raises(ValidationError, match="not a full web address"):
        rosa.full_clean(exclude=["photo"])


def test_author_page_queries_do_not_grow_with_articles(client, rosa, django_assert_max_num_queries):
    ArticleFactory(authors=[rosa, AuthorFactory()])
    with django_assert_max_num_queries(12) as few:
        client.get("/author/rosa-huaman/")
    for _ in range(8):
        ArticleFactory(authors=[rosa, AuthorFactory()])
    with django_assert_max_num_queries(len(few)):
        client.get("/author/rosa-huaman/?page=1")


def test_author_page_is_in_the_sitemap_and_purged_when_edited(client, rosa):
    ArticleFactory(authors=[rosa])
    assertContains(client.get("/sitemap-authors.xml"), "/author/rosa-huaman/")
    first = client.get("/author/rosa-huaman/")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/author/rosa-huaman/")["X-Page-Cache"] == "hit"
    rosa.role = "Editor, courts and justice"
    rosa.save()
    assertContains(client.get("/author/rosa-huaman/"), "Editor, courts and justice")


def test_author_photo_is_served_small_and_square_not_the_original(
    client, django_capture_on_commit_callbacks
):
    author = AuthorFactory(name="Rosa Huamán", slug="rosa-huaman")
    with django_capture_on_commit_callbacks(execute=True):
        author.photo.save("rosa.png", ContentFile(tiny_png((600, 800))), save=True)
    author.refresh_from_db()
    page = client.get("/author/rosa-huaman/").content.decode()
    img = re.search(r'<img [^>]*class="author-photo"[^>]*>', page)[0]
    assert author.photo.url not in page  # not the 600×800 upload
    assert 'width="384" height="384"' in img and 'sizes="8rem"' in img
    assert "portrait-50x40-128.jpeg 128w" in img
    assert "portrait-50x40-256.webp 256w" in page
    with default_storage.open(author.photo_renditions["portrait"]["webp"][0][1]) as file:
        assert Image.open(file).size == (128, 128)
