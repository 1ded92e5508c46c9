import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_only_published_articles(
    client, a_published_article, a_draft_article, a_scheduled_article
):
    response = client.get("/")
    assertContains(response, a_published_article.headline)
    assertNotContains(response, a_draft_article.headline)
    assertNotContains(response, a_scheduled_article.headline)


def test_article_page_shows_the_story(client):
    source = SourceFactory(name="Andina")
    article = ArticleFactory(
        source=source,
        authors=[AuthorFactory(name="Rosa Huamán")],
        categories=[CategoryFactory(name="Environment")],
        tags=["Rivers"],
    )
    response = client.get(article.get_absolute_url())
    assertContains(response, f"<h1>{article.headline}</h1>", html=True)
    assertContains(response, "Source: <a")
    assertContains(response, "Andina")
    assertContains(response, "Rosa Huamán")
    assertContains(response, "<h2>A subheading</h2>", html=True)
    assertContains(response, "Rivers")


@pytest.mark.parametrize("fixture", ["a_draft_article", "a_scheduled_article"])
def test_unpublished_article_is_404_for_the_public(client, request, fixture):
    article = request.getfixturevalue(fixture)
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("fixture", ["a_draft_article", "a_scheduled_article"])
def test_staff_with_change_permission_can_preview(client, request, fixture):
    article = request.getfixturevalue(fixture)
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(user)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, "Preview:")
    assertContains(response, '<meta name="robots" content="noindex">', html=True)
    assert "no-cache" in response["Cache-Control"]


def test_staff_without_change_permission_gets_404(client, a_draft_article):
    client.force_login(UserFactory())
    assert client.get(a_draft_article.get_absolute_url()).status_code == 404


def test_wrong_date_redirects_permanently_to_the_permalink(client, a_published_article):
    response = client.get(f"/2001/1/1/{a_published_article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == a_published_article.get_absolute_url()


def test_category_archive_includes_subcategories_only(client):
    main = CategoryFactory(name="Law & Justice")
    sub = CategoryFactory(name="Coca/Cocaine", parent=main)
    other = CategoryFactory(name="Culture")
    in_sub = ArticleFactory(categories=[sub])
    in_other = ArticleFactory(categories=[other])
    response = client.get(main.get_absolute_url())
    assertContains(response, in_sub.headline)
    assertNotContains(response, in_other.headline)


def make_newsroom(articles, category, source, author):
    """``articles`` published stories, each with its own extra category, author and tags."""
    for n in range(articles):
        ArticleFactory(
            categories=[category, CategoryFactory(parent=category)],
            source=source,
            authors=[author, AuthorFactory()],
            tags=[f"tag{n}", "shared"],
            is_featured=n == 0,
        )


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/", 15),  # 13, plus one each for the page links and the breaking-news banner
        ("/category/politics/", 10),
        ("/source/andina/", 10),
        ("/author/rosa/", 10),
        ("/tag/shared/", 10),
        ("/{year}/", 10),
        ("/search/?q=headline", 10),
        ("/feed/", 6),
        ("/category/politics/feed/atom/", 6),
        ("/sitemap-articles.xml", 3),
        ("/sitemap-tags.xml", 3),
        ("/sitemap-news.xml", 3),
    ],
)
def test_public_pages_run_a_fixed_number_of_queries(
    client, url, budget, django_assert_max_num_queries
):
    category = CategoryFactory(slug="politics")
    source = SourceFactory(slug="andina")
    author = AuthorFactory(slug="rosa")
    url = url.format(year=timezone.now().year)
    make_newsroom(2, category, source, author)
    with django_assert_max_num_queries(budget) as few:
        assert client.get(url).status_code == 200
    make_newsroom(30, category, source, author)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_article_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    article = ArticleFactory(
        categories=[CategoryFactory() for _ in range(5)],
        authors=[AuthorFactory() for _ in range(3)],
        tags=[f"t{n}" for n in range(8)],
    )
    # 12 with a cold cache: the moderators' comment rules (comments/conf.py), the article's
    # corrections, the page links and the breaking-news banner, each kept afterwards.
    with django_assert_max_num_queries(12):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_unknown_page_uses_the_site_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assertContains(response, "We can’t find that page", status_code=404)


def test_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_drafts_never_appear_in_archives(client, a_draft_article):
    category = CategoryFactory()
    a_draft_article.categories.add(category)
    assertNotContains(client.get(category.get_absolute_url()), a_draft_article.headline)
    assert Article.objects.published().count() == 0
