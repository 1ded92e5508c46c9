"""A control character in any name (category, source, author, tag, comment) never
reaches the database, so no feed, email or page can choke on it."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from taggit.models import Tag

from articles.models import Author, Category, Source
from comments.models import Comment
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory

pytestmark = pytest.mark.django_db

VT = "\x0b"  # vertical tab: not allowed in XML 1.0, so feeds used to raise on it


@pytest.fixture
def names_with_controls(db):
    """Every kind of name an article's feeds print, each typed with a control character."""
    category = Category.objects.create(name=f"Courts{VT}", slug="courts")
    source = Source.objects.create(name=f"Andina{VT}\x00", slug="andina")
    author = AuthorFactory(name=f"Rosa{VT} Huamán", bio=f"Line one\nline{VT} two")
    article = ArticleFactory(categories=[category], authors=[author], source=source)
    article.tags.add(f"Lima{VT}")  # what a writer's tag field does with "Lima<VT>"
    Tag.objects.create(name=f"Puno{VT}", slug="puno")
    article.tags.add("Puno")
    return article


def feed_urls():
    urls = ["/feed/", "/feed/atom/"]
    for kind, slug in [
        ("category", "courts"),
        ("tag", "lima"),
        ("tag", "puno"),
        ("source", "andina"),
    ]:
        urls += [f"/{kind}/{slug}/feed/", f"/{kind}/{slug}/feed/atom/"]
    return urls


@pytest.mark.parametrize("url", feed_urls())
def test_every_feed_serves_names_typed_with_control_characters(names_with_controls, url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    ET.fromstring(response.content)  # well-formed XML
    assert VT not in text
    assert "Rosa Huamán" in text  # the author, in every feed's items


def test_names_are_stored_without_control_characters(names_with_controls):
    assert Category.objects.get().name == "Courts"
    assert Source.objects.get().name == "Andina"
    author = Author.objects.get()
    assert (author.name, author.bio) == ("Rosa Huamán", "Line one\nline two")
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Lima", "Puno"]


def test_archive_pages_show_the_cleaned_names(client, names_with_controls):
    author_url = Author.objects.get().get_absolute_url()
    for url in ["/category/courts/", "/tag/lima/", "/source/andina/", author_url]:
        response = client.get(url)
        assert response.status_code == 200
        assert VT not in response.content.decode()


def test_a_tag_typed_with_a_control_character_is_the_existing_tag(a_published_article):
    a_published_article.tags.add("Lima")
    a_published_article.tags.add(f"lima{VT}", VT)
    assert list(a_published_article.tags.names()) == ["Lima"]


def test_comment_fields_are_stored_without_control_characters(a_published_article):
    comment = CommentFactory(
        article=a_published_article,
        name=f"Ana{VT}",
        body=f"First{VT} line\nsecond line",
        user_agent=f"Bot{VT}/1.0",
        held_reason=f"Because{VT}.",
    )
    comment = Comment.objects.get(pk=comment.pk)
    assert (comment.name, comment.body) == ("Ana", "First line\nsecond line")
    assert (comment.user_agent, comment.held_reason) == ("Bot/1.0", "Because.")


@pytest.mark.parametrize(
    ("url", "data", "existing"),
    [
        ("/admin/articles/category/add/", {"slug": "politics-2", "position": 0}, Category),
        ("/admin/articles/source/add/", {"slug": "politics-2"}, Source),
        ("/admin/taggit/tag/add/", {"slug": "politics-2"}, Tag),
    ],
)
def test_a_name_that_clashes_once_cleaned_is_a_form_error(superuser, url, data, existing):
    existing.objects.create(name="Politics", slug="politics")
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    response = client.post(url, {"name": f"Poli{VT}tics", **data})
    assert response.status_code == 200  # the form again, not a 500
    assert "already exists" in response.content.decode()
    assert existing.objects.count() == 1
