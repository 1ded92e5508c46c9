"""The reader's pages beyond the basics: metadata, redirects, archives, pagination."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.articles.images import tiny_png
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, SourceFactory

pytestmark = pytest.mark.django_db


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def full_article():
    from django.core.files.base import ContentFile

    article = ArticleFactory(
        headline="Court & council clash </script><b>",
        standfirst="A summary with “quotes”.",
        source=SourceFactory(name="Andina"),
        authors=[AuthorFactory(name="Rosa Huamán", slug="rosa-huaman")],
        categories=[CategoryFactory(name="Courts")],
        tags=["Justice", "Council"],
        image_alt="A courtroom",
        image_caption="The court in session.",
        image_credit="Tomás Ccori",
    )
    article.image.save("court.png", ContentFile(tiny_png()), save=True)
    return article


def test_json_ld_news_article_carries_the_right_values(client, full_article):
    response = client.get(full_article.get_absolute_url())
    data = json_ld(response)
    url = f"http://testserver{full_article.get_absolute_url()}"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == full_article.headline
    assert data["description"] == full_article.standfirst
    assert data["url"] == url and data["mainEntityOfPage"]["@id"] == url
    assert data["image"] == [f"http://testserver{full_article.image.url}"]
    assert datetime.fromisoformat(data["datePublished"]) == full_article.published_at
    assert datetime.fromisoformat(data["dateModified"]) == full_article.updated_at
    assert data["author"] == [
        {"@type": "Person", "name": "Rosa Huamán", "url": "http://testserver/author/rosa-huaman/"}
    ]
    assert data["publisher"]["name"] == "The Valley Courier"
    assert data["articleSection"] == ["Courts"]
    assert sorted(data["keywords"]) == ["Council", "Justice"]
    # The headline's markup cannot close the script element.
    assert "</script><b>" not in response.content.decode().split("ld+json")[1].split("</script>")[0]


def test_article_metadata_for_search_engines_and_social_cards(client, full_article):
    response = client.get(full_article.get_absolute_url())
    url = f"http://testserver{full_article.get_absolute_url()}"
    assertContains(response, f'<link rel="canonical" href="{url}">', html=True)
    assertContains(response, f'<meta property="og:url" content="{url}">', html=True)
    assertContains(response, '<meta property="og:type" content="article">', html=True)
    assertContains(response, '<meta name="twitter:card" content="summary_large_image">', html=True)
    assertContains(
        response,
        f'<meta property="og:image" content="http://testserver{full_article.image.url}">',
        html=True,
    )
    assertContains(
        response, '<meta name="description" content="A summary with “quotes”.">', html=True
    )
    assertContains(
        response,
        "<title>Court &amp; council clash &lt;/script&gt;&lt;b&gt; · The Valley Courier</title>",
        html=True,
    )


def test_article_page_parts_in_reading_order(client, full_article):
    html = client.get(full_article.get_absolute_url()).content.decode()
    order = [
        '<ul class="kickers"',
        "<h1>",
        '<p class="standfirst">A summary',
        "Source: <a",
        "Rosa Huamán</a>",
        "<time datetime=",
        "<figure",
        "The court in session.",
        "Tomás Ccori",
        "<h2>A subheading</h2>",
        'aria-label="Tags"',
        'id="comments"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assertContains(client.get(full_article.get_absolute_url()), 'alt="A courtroom"')


def test_updated_line_only_after_a_later_edit(client):
    article = ArticleFactory(published_at=timezone.now())
    assertNotContains(client.get(article.get_absolute_url()), "Updated")
    article.published_at = timezone.now() - timedelta(days=1)
    article.save()
    assertContains(client.get(article.get_absolute_url()), "Updated")


def test_related_articles_share_tags_or_categories_newest_first(client):
    section = CategoryFactory()
    article = ArticleFactory(tags=["Rivers"], categories=[section])
    old = ArticleFactory(tags=["rivers"], published_at=timezone.now() - timedelta(days=3))
    new = ArticleFactory(categories=[section], published_at=timezone.now() - timedelta(days=1))
    unrelated = ArticleFactory(tags=["Football"])
    draft = ArticleFactory(tags=["Rivers"], status="draft")
    related = list(client.get(article.get_absolute_url()).context["related"])
    assert related == [new, old]
    assert unrelated not in related and draft not in related


def test_changed_slug_redirects_from_the_old_address(client, a_published_article):
    old_url = a_published_article.get_absolute_url()
    a_published_article.slug = "council-passes-budget"
    a_published_article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == a_published_article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_changed_date_redirects_from_the_old_address(client, a_published_article):
    old_url = a_published_article.get_absolute_url()
    a_published_article.published_at -= timedelta(days=40)
    a_published_article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == a_published_article.get_absolute_url()


def test_an_old_slug_does_not_reveal_a_draft(client, a_draft_article):
    a_draft_article.slug = "renamed-draft"
    a_draft_article.save()
    assert client.get("/2026/1/1/unfinished-draft/").status_code == 404


def test_date_archives(client):
    march = ArticleFactory(published_at=datetime(2025, 3, 10, 12, tzinfo=UTC))
    april = ArticleFactory(published_at=datetime(2025, 4, 2, 12, tzinfo=UTC))
    other_year = ArticleFactory(published_at=datetime(2024, 3, 10, 12, tzinfo=UTC))
    year = client.get("/2025/")
    assertContains(year, "<h1>2025</h1>", html=True)
    assert set(year.context["article_list"]) == {march, april}
    month = client.get("/2025/3/")
    assertContains(month, "<h1>March 2025</h1>", html=True)
    assert list(month.context["article_list"]) == [march]
    assert other_year not in month.context["article_list"]
    assert client.get("/2025/13/").status_code == 404


def test_archive_headings_say_what_the_reader_sees(client):
    SourceFactory(name="La República", slug="la-republica")
    AuthorFactory(name="Diego Salazar", slug="diego")
    ArticleFactory(tags=["Coca leaf"])
    for url, kind, heading in [
        ("/source/la-republica/", "Source", "La República"),
        ("/tag/coca-leaf/", "Tag", "Coca leaf"),
    ]:
        response = client.get(url)
        assertContains(response, f'<p class="kicker">{kind}</p>', html=True)
        assertContains(response, f"<h1>{heading}</h1>", html=True)


def test_pagination_edges_and_rel_links(client):
    category = CategoryFactory(slug="economy")
    for _ in range(13):
        ArticleFactory(categories=[category])
    first = client.get("/category/economy/")
    assertContains(first, '<link rel="next" href="?page=2">', html=True)
    assertNotContains(first, 'rel="prev"')
    last = client.get("/category/economy/?page=2")
    assert len(last.context["article_list"]) == 1
    assertContains(last, '<link rel="prev" href="?page=1">', html=True)
    assertNotContains(last, 'rel="next"')
    for bad in ("3", "0", "abc", "-1", "9" * 30):
        assert client.get(f"/category/economy/?page={bad}").status_code == 404


def test_home_leads_with_the_newest_featured_story(client):
    older_lead = ArticleFactory(is_featured=True, published_at=timezone.now() - timedelta(days=2))
    lead = ArticleFactory(is_featured=True, published_at=timezone.now() - timedelta(days=1))
    ArticleFactory(is_featured=True, published_at=timezone.now() + timedelta(hours=1))
    latest = ArticleFactory()
    response = client.get("/")
    assert response.context["lead_story"] == lead
    assert list(response.context["article_list"])[:2] == [latest, older_lead]


def test_home_sections_hold_each_main_category_and_its_subsections(client):
    justice = CategoryFactory(name="Law & Justice", position=1)
    coca = CategoryFactory(name="Coca", parent=justice)
    culture = CategoryFactory(name="Culture", position=2)
    CategoryFactory(name="Empty section", position=3)
    for days in range(2, 7):
        ArticleFactory(categories=[justice], published_at=timezone.now() - timedelta(days=days))
    in_coca = ArticleFactory(categories=[coca])
    in_culture = ArticleFactory(categories=[culture])
    sections = dict(client.get("/").context["sections"])
    assert list(sections) == [justice, culture]
    assert len(sections[justice]) == 4
    assert sections[justice][0] == in_coca  # subsection stories count, newest first
    assert sections[culture] == [in_culture]
    assert all(story.is_published() for stories in sections.values() for story in stories)


def test_every_page_names_a_favicon_and_favicon_ico_answers(client, a_published_article):
    """Without one, every page view logs a 404 for /favicon.ico."""
    for path in ("/", a_published_article.get_absolute_url(), "/no/such/page/"):
        response = client.get(path)
        assertContains(
            response,
            '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">',
            status_code=response.status_code,
            html=True,
        )
    icon = client.get("/favicon.ico")
    assert icon.status_code == 302
    assert icon["Location"] == "/static/img/favicon.ico"
    assert (settings.BASE_DIR / "static/img/favicon.ico").read_bytes()[:4] == b"\0\0\1\0"
