from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Category
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("status", "published_at", "visible"),
    [
        (Article.Status.PUBLISHED, NOW - timedelta(days=1), True),
        (Article.Status.PUBLISHED, NOW, True),
        (Article.Status.PUBLISHED, NOW + timedelta(seconds=1), False),
        (Article.Status.REVIEW, NOW - timedelta(days=1), False),
        (Article.Status.DRAFT, NOW - timedelta(days=1), False),
        (Article.Status.DRAFT, None, False),
        (Article.Status.REVIEW, NOW + timedelta(days=1), False),
    ],
)
def test_published_grid_and_is_published_agree(status, published_at, visible):
    article = ArticleFactory(status=status, published_at=published_at)
    if status != Article.Status.PUBLISHED or published_at is not None:
        # save() stamps a publication time only on published articles
        assert article.published_at == published_at
    assert Article.objects.published().filter(pk=article.pk).exists() is visible
    assert article.is_published() is visible


def test_scheduled_article_appears_by_itself_when_its_time_comes():
    with time_machine.travel(NOW, tick=False):
        article = ArticleFactory(published_at=NOW + timedelta(minutes=5))
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(NOW + timedelta(minutes=5, seconds=1), tick=False):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_without_a_time_stamps_now():
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None
    assert article.is_published()


@pytest.mark.parametrize(
    "payload",
    [
        '<p>ok</p><script>alert("x")</script>',
        '<p onclick="steal()">ok</p>',
        '<p>ok<img src="x" onerror="steal()"></p>',
        '<p><a href="javascript:steal()">ok</a></p>',
        '<p><a href="JaVaScRiPt:steal()">ok</a></p>',
        '<iframe src="https://evil.example"></iframe><p>ok</p>',
        '<p style="background:url(javascript:steal())">ok</p>',
    ],
)
def test_body_is_sanitised_on_every_save(payload):
    article = Article.objects.create(headline="Payload", body=payload)
    article.refresh_from_db()
    lowered = article.body.lower()
    for danger in ("<script", "onclick", "onerror", "javascript:", "<iframe", "style="):
        assert danger not in lowered
    assert "ok" in article.body


def test_body_keeps_the_formatting_editors_use():
    html = (
        "<h2>Sub</h2><h3>Minor</h3><p><strong>b</strong> <em>i</em> "
        '<a href="https://example.org/">link</a></p><ul><li>one</li></ul>'
        "<ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
    )
    article = Article.objects.create(headline="Formatting", body=html)
    for fragment in (
        "<h2>Sub</h2>",
        "<h3>Minor</h3>",
        "<strong>b</strong>",
        "<em>i</em>",
        'href="https://example.org/"',
        "<li>one</li>",
        "<ol>",
        "<blockquote>",
    ):
        assert fragment in article.body


def test_slug_comes_from_headline_and_stays_unique():
    first = Article.objects.create(headline="Rain floods the plaza")
    second = Article.objects.create(headline="Rain floods the plaza")
    assert first.slug == "rain-floods-the-plaza"
    assert second.slug == "rain-floods-the-plaza-2"


def test_duplicate_slug_is_a_clear_validation_error(a_published_article):
    clash = Article(headline="Other", slug=a_published_article.slug)
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "slug" in error.value.message_dict


def test_image_requires_alt_text():
    image = SimpleUploadedFile(
        "p.gif",
        b"GIF89a\x01\x00\x01\x00\x00\xff\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;",
        "image/gif",
    )
    article = ArticleFactory.build(image=image, image_alt="  ")
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["slug"])
    assert error.value.message_dict["image_alt"] == [
        "Describe the image for readers who cannot see it."
    ]


def test_permalink_is_readable_and_dated():
    article = ArticleFactory(
        slug="regional-elections-set-for-october",
        published_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
    )
    assert article.get_absolute_url() == "/2026/11/27/regional-elections-set-for-october/"
    assert str(article) == article.headline


def test_byline_prefers_authors_then_free_text():
    wire = ArticleFactory(byline="Andina staff")
    assert wire.byline_names == ["Andina staff"]
    staff = ArticleFactory(byline="ignored", authors=[AuthorFactory(name="Rosa Huamán")])
    assert staff.byline_names == ["Rosa Huamán"]


def test_tags_are_case_insensitive():
    first = ArticleFactory(tags=["Lima"])
    second = ArticleFactory(tags=["lima"])
    assert list(first.tags.all()) == list(second.tags.all())


def test_categories_nest_one_level_only():
    main = CategoryFactory(name="Law & Justice")
    sub = CategoryFactory(name="Coca/Cocaine", parent=main)
    assert str(sub) == "Law & Justice › Coca/Cocaine"
    too_deep = Category(name="Deeper", slug="deeper", parent=sub)
    with pytest.raises(ValidationError, match="subsections cannot have subsections"):
        too_deep.full_clean()
    main.parent = CategoryFactory()
    with pytest.raises(ValidationError, match="must stay a main section"):
        main.full_clean()
