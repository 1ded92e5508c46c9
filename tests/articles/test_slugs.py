"""One slug rule for every address made from a name, in Spanish, Portuguese and French."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Category, Source, TaggedArticle
from newsroom.slugs import slug_for
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

NAMES = [
    ("Coca/Cocaine", "coca-cocaine"),
    ("Law & Justice", "law-justice"),
    ("Perú", "peru"),
    ("Áncash", "ancash"),
    ("Ñuñoa", "nunoa"),
    ("São Paulo", "sao-paulo"),
    ("Ação Popular", "acao-popular"),
    ("Côte d’Ivoire", "cote-d-ivoire"),
    ("Œuvre d'Élise", "oeuvre-d-elise"),
    ("Москва", "москва"),  # other scripts keep their letters
]


@pytest.mark.parametrize(("name", "slug"), NAMES)
def test_slugs_read_like_the_name(name, slug):
    assert slug_for(name) == slug
    assert slug_for(slug) == slug  # idempotent: a slug is its own slug


@pytest.mark.parametrize("model", [Category, Source, Author])
def test_every_model_takes_its_slug_from_the_name(model):
    assert model.objects.create(name="Coca/Cocaine").slug == "coca-cocaine"
    assert model.objects.create(name="Coca Cocaine").slug == "coca-cocaine-2"


def test_articles_take_their_slug_from_the_headline():
    article = ArticleFactory(headline="Perú: la coca d’Áncash", slug="")
    assert article.slug == "peru-la-coca-d-ancash"


def test_admin_makes_the_slug_when_left_empty(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.post(
        reverse("admin:articles_category_add"),
        {"name": "Coca/Cocaine", "slug": "", "position": 1, "comment_policy": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Category.objects.get(name="Coca/Cocaine").slug == "coca-cocaine"


def test_a_typed_slug_is_put_under_the_rule(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    client.post(
        reverse("admin:articles_source_add"),
        {"name": "Agencia Perú", "slug": "Agencia-Perú", "website": "", "description": ""},
    )
    assert Source.objects.get(name="Agencia Perú").slug == "agencia-peru"


def test_tags_with_accents_work_on_every_page(client):
    names = ["Perú", "Áncash", "São Paulo", "Côte d’Ivoire", "Москва"]
    article = ArticleFactory(headline="Coca en el Huallaga", tags=names)
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    for tag in Tag.objects.all():
        url = reverse("articles:tag", kwargs={"slug": tag.slug})
        assert f'href="{url}"' in page.content.decode()
        archive = client.get(url)
        assert archive.status_code == 200
        assert article.headline in archive.content.decode()
        assert (
            client.get(reverse("articles:tag_feed_rss", kwargs={"slug": tag.slug})).status_code
            == 200
        )
    sitemap = client.get(reverse("articles:sitemap_section", kwargs={"section": "tags"}))
    assert sitemap.status_code == 200
    assert "/tag/peru/" in sitemap.content.decode()
    assert "/tag/cote-d-ivoire/" in sitemap.content.decode()


def test_case_and_accents_do_not_make_a_second_tag():
    first = ArticleFactory(tags=["Ñuñoa", "Perú"])
    second = ArticleFactory(tags=["ñuñoa", "PERÚ", "Peru"])
    assert Tag.objects.count() == 2
    assert set(second.tags.names()) == {"Ñuñoa", "Perú"}
    assert set(first.tags.all()) == set(second.tags.all())


def test_an_accented_address_redirects_to_the_tag(client):
    ArticleFactory(tags=["Perú"])
    response = client.get("/tag/Perú/")
    assert response.status_code == 301
    assert response["Location"] == "/tag/peru/"


def test_an_article_slug_in_another_script_has_a_stable_address(client):
    article = ArticleFactory(headline="Новости Москвы", slug="")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200  # no redirect loop between encoded and decoded paths


def test_migration_merges_tags_and_fixes_slugs_that_never_worked():
    article = ArticleFactory()
    # Tags as taggit made them before: unicode slugs, and two spellings on SQLite.
    old = Tag.objects.bulk_create(
        [
            Tag(name="Ñuñoa", slug="ñuñoa"),
            Tag(name="ñuñoa", slug="ñuñoa_1"),
            Tag(name="Lima", slug="lima"),
        ]
    )
    TaggedArticle.objects.bulk_create(
        [TaggedArticle(tag=tag, content_object=article) for tag in old]
    )
    migration = importlib.import_module("articles.migrations.0009_tag_slugs")
    migration.forwards(apps, None)
    assert sorted(Tag.objects.values_list("name", "slug")) == [("Lima", "lima"), ("Ñuñoa", "nunoa")]
    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == ["Lima", "Ñuñoa"]


@pytest.mark.parametrize(
    "url_name",
    [
        "articles_category_add",
        "articles_source_add",
        "articles_author_add",
        "articles_article_add",
        "taggit_tag_add",
    ],
)
def test_the_admin_does_not_make_slugs_by_another_rule(client, url_name):
    """The admin's own JavaScript would turn "Coca/Cocaine" into "cocacocaine"."""
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.get(reverse(f"admin:{url_name}"))
    assert response.context["adminform"].prepopulated_fields == []


def test_admin_tag_without_a_slug(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.post(reverse("admin:taggit_tag_add"), {"name": "Perú", "slug": ""})
    assert response.status_code == 302
    assert Tag.objects.get(name="Perú").slug == "peru"
