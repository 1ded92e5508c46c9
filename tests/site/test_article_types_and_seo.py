"""Article types readers can tell apart, and per-article search and sharing overrides."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from tests.articles.images import tiny_png
from tests.articles.test_pages import json_ld
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "label", "schema_type"),
    [
        ("opinion", "Opinion", "OpinionNewsArticle"),
        ("analysis", "Analysis", "AnalysisNewsArticle"),
        ("review", "Review", "ReviewNewsArticle"),
    ],
)
def test_each_type_is_labelled_and_typed_for_search_engines(client, kind, label, schema_type):
    article = ArticleFactory(kind=kind, headline="Why the valley needs a new bridge")
    page = client.get(article.get_absolute_url())
    assertContains(page, f'<p class="kind-label kind-{kind}">{label}</p>', html=True)
    assert json_ld(page)["@type"] == schema_type
    assertContains(client.get("/"), f'<p class="kind-label kind-{kind}">{label}</p>', html=True)


def test_news_is_plain_news(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url())
    assert json_ld(page)["@type"] == "NewsArticle"
    assertNotContains(page, "kind-label")


def test_sponsored_content_is_disclosed_on_the_page_the_card_and_to_search_engines(client):
    article = ArticleFactory(kind="sponsored", sponsor="Cooperativa Agraria del Valle")
    page = client.get(article.get_absolute_url())
    assertContains(page, "Sponsored content")
    assertContains(page, "Paid for by Cooperativa Agraria del Valle.")
    data = json_ld(page)
    assert data["@type"] == "AdvertiserContentArticle"
    assert data["sponsor"] == {"@type": "Organization", "name": "Cooperativa Agraria del Valle"}
    assertContains(client.get("/"), "Cooperativa Agraria del Valle")


def test_sponsored_content_must_name_its_sponsor():
    article = ArticleFactory.build(kind="sponsored", sponsor="  ")
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["slug"])
    assert "sponsor" in error.value.message_dict


def test_search_title_description_and_social_image_override_the_defaults(client):
    article = ArticleFactory(
        headline="A long headline for the paper",
        seo_title="Short title for search",
        seo_description="What searchers should read.",
    )
    article.social_image.save("share.png", ContentFile(tiny_png((120, 63))), save=True)
    page = client.get(article.get_absolute_url())
    assertContains(page, "<title>Short title for search &middot; The Valley Courier</title>")
    assertContains(page, '<meta name="description" content="What searchers should read.">')
    assertContains(page, '<meta property="og:title" content="Short title for search">')
    assertContains(
        page, f'<meta property="og:image" content="http://testserver{article.social_image.url}">'
    )
    assertContains(page, '<meta property="og:image:width" content="120">')
    assertContains(page, "<h1>A long headline for the paper</h1>", html=True)
    assert json_ld(page)["description"] == "What searchers should read."


def test_wire_copy_points_search_engines_at_the_agencys_original(client):
    original = "https://andina.example/noticia-123"
    article = ArticleFactory(source=SourceFactory(name="Andina"), canonical_url=original)
    page = client.get(article.get_absolute_url())
    assertContains(page, f'<link rel="canonical" href="{original}">', html=True)
    assertNotContains(page, 'name="robots"')
    assert json_ld(page)["isBasedOn"] == original


def test_noindex_keeps_an_article_out_of_search_engines(client):
    article = ArticleFactory(noindex=True)
    assertContains(
        client.get(article.get_absolute_url()), '<meta name="robots" content="noindex">', html=True
    )
    assertNotContains(client.get(ArticleFactory().get_absolute_url()), 'name="robots"')


def test_admin_form_sets_the_type(client, editor):
    from tests.articles.test_admin import article_form

    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/add/",
        article_form(headline="A column", kind="opinion", seo_title="Column"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(headline="A column")
    assert (article.kind, article.seo_title) == ("opinion", "Column")
