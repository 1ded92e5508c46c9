import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory, SourceFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rss_titles(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_site_feeds_list_only_published_articles(
    client, a_published_article, a_draft_article, a_scheduled_article
):
    assert rss_titles(client.get("/feed/")) == [a_published_article.headline]
    assert atom_titles(client.get("/feed/atom/")) == [a_published_article.headline]


def test_feed_xml_survives_ampersands_and_non_ascii(client):
    ArticleFactory(headline="Law & Justice: Año récord <en> Cusco", standfirst="Café & coca")
    response = client.get("/feed/")
    assert rss_titles(response) == ["Law & Justice: Año récord <en> Cusco"]
    assert ET.fromstring(response.content).find("channel/item/description").text == "Café & coca"


def test_category_feed_includes_subsections_and_nothing_else(client):
    main = CategoryFactory(slug="law-justice")
    sub = CategoryFactory(parent=main)
    in_sub = ArticleFactory(categories=[sub])
    ArticleFactory(categories=[CategoryFactory()])
    assert rss_titles(client.get("/category/law-justice/feed/")) == [in_sub.headline]
    assert atom_titles(client.get("/category/law-justice/feed/atom/")) == [in_sub.headline]


def test_tag_and_source_feeds(client):
    andina = SourceFactory(slug="andina")
    wire = ArticleFactory(source=andina, tags=["Rivers"])
    ArticleFactory(tags=["Mining"])
    assert rss_titles(client.get("/source/andina/feed/")) == [wire.headline]
    assert rss_titles(client.get("/tag/rivers/feed/")) == [wire.headline]
    assert client.get("/tag/unknown/feed/").status_code == 404


def test_pages_link_their_feeds(client, a_published_article):
    category = CategoryFactory(slug="culture")
    html = client.get("/category/culture/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/feed/"' in html
    assert 'href="/category/culture/feed/atom/"' in html
    assert category.name in html


def test_sitemaps_list_only_published_content(client, a_published_article, a_draft_article):
    a_published_article.categories.add(CategoryFactory(slug="politics"))
    a_published_article.tags.add("Elections")
    a_draft_article.tags.add("Secret")
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any(url.endswith("/sitemap-articles.xml") for url in sections)
    urls = []
    for section in ("articles", "categories", "tags", "sources"):
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        urls += [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert f"http://testserver{a_published_article.get_absolute_url()}" in urls
    assert "http://testserver/category/politics/" in urls
    assert "http://testserver/tag/elections/" in urls
    assert not any("secret" in url or a_draft_article.slug in url for url in urls)


def test_news_sitemap_covers_the_last_48_hours(client):
    fresh = ArticleFactory(headline="Fresh & new")
    ArticleFactory(published_at=timezone.now() - timedelta(hours=49))
    root = ET.fromstring(client.get("/sitemap-news.xml").content)
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locs == [f"http://testserver{fresh.get_absolute_url()}"]
    title = root.find(".//{http://www.google.com/schemas/sitemap-news/0.9}title").text
    assert title == "Fresh & new"


def test_robots_txt_points_to_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemap-news.xml" in text
    assert "Disallow: /admin/" in text


def test_control_characters_cannot_break_a_feed(client):
    ArticleFactory(headline="Bell\x07 and vertical\x0b tab", standfirst="Null\x00 byte")
    assert rss_titles(client.get("/feed/")) == ["Bell and vertical tab"]
    assert atom_titles(client.get("/feed/atom/")) == ["Bell and vertical tab"]
