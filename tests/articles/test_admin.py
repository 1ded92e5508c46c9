from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Author, Source
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, SourceFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def article_form(**overrides):
    """A complete add/change form POST, as the admin sends it."""
    data = {
        "headline": "Bridge reopens after repairs",
        "slug": "bridge-reopens-after-repairs",
        "standfirst": "Traffic flows again.",
        "body": "<p>The bridge is open.</p>",
        "byline": "",
        "tags": "Roads, Public works",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "allow_comments": "on",
        "image_alt": "",
        "image_caption": "",
        "image_credit": "",
        # The pre-publish checklist's warnings read and accepted (tests/desk/test_checklist.py
        # covers what happens without).
        "publish_checked": "on",
    }
    data.update(overrides)
    return data


def when(dt):
    local = timezone.localtime(dt)
    return {
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
    }


def test_changelist_runs_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    """Fixed whatever the number of articles, and of sections (the filter lists them all)."""
    source = SourceFactory()
    main = CategoryFactory()
    for _ in range(40):
        ArticleFactory(
            source=source,
            categories=[CategoryFactory(parent=main), CategoryFactory()],
            authors=[AuthorFactory()],
            tags=["a", "b"],
        )
    client.force_login(editor)
    with django_assert_max_num_queries(20) as small:
        client.get(CHANGELIST + "?p=1")
    few = len(small.captured_queries)
    for _ in range(40):
        ArticleFactory(
            source=source, categories=[CategoryFactory(parent=main)], authors=[AuthorFactory()]
        )
    with django_assert_max_num_queries(few) as large:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(large.captured_queries) == few


def test_changelist_search_finds_body_text(client, editor):
    ArticleFactory(headline="Rain", body="<p>The river burst its banks.</p>")
    ArticleFactory(headline="Sun", body="<p>A dry week.</p>")
    client.force_login(editor)
    response = client.get(CHANGELIST, {"q": "banks"})
    assertContains(response, "Rain")
    assertNotContains(response, ">Sun<")


def test_editor_creates_and_publishes_an_article(client, editor):
    source = SourceFactory(name="Andina")
    category = CategoryFactory()
    client.force_login(editor)
    response = client.post(
        ADD,
        article_form(status=Article.Status.PUBLISHED, source=source.pk, categories=[category.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="bridge-reopens-after-repairs")
    assert article.is_published()
    assert article.created_by == editor
    assert article.last_edited_by == editor
    assert sorted(article.tags.names()) == ["Public works", "Roads"]
    assert list(article.categories.all()) == [category]


def test_editor_schedules_an_article(client, editor):
    client.force_login(editor)
    due = timezone.now() + timedelta(days=2)
    response = client.post(
        ADD,
        article_form(
            status=Article.Status.PUBLISHED,
            categories=[CategoryFactory().pk],
            byline="Andina staff",
            **when(due),
        ),
        follow=True,
    )
    assertContains(response, "Scheduled:")
    article = Article.objects.get()
    assert article.is_scheduled()
    assert not article.is_published()


def test_scheduling_in_the_past_publishes_now(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD,
        article_form(
            status=Article.Status.PUBLISHED,
            categories=[CategoryFactory().pk],
            byline="Andina staff",
            **when(timezone.now() - timedelta(days=3)),
        ),
        follow=True,
    )
    assertContains(response, "already passed, so the article was published now")
    article = Article.objects.get()
    assert timezone.now() - article.published_at < timedelta(minutes=1)


def test_editor_is_told_when_unsafe_markup_is_removed(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD, article_form(body='<p onclick="x()">Hi</p><script>alert(1)</script>'), follow=True
    )
    assertContains(response, "could run code")
    assert Article.objects.get().body == "<p>Hi</p>"


def test_duplicate_slug_is_refused_with_a_message(client, editor, a_published_article):
    client.force_login(editor)
    response = client.post(ADD, article_form(slug=a_published_article.slug))
    assert response.status_code == 200
    assertContains(response, "Article with this Slug already exists.")


def test_missing_alt_text_is_refused(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.articles.images import tiny_png

    client.force_login(editor)
    response = client.post(
        ADD, article_form(image=SimpleUploadedFile("a.png", tiny_png(), "image/png"))
    )
    assert response.status_code == 200
    assertContains(response, "Describe the image for readers who cannot see it.")
    assert not Article.objects.exists()


def test_writer_can_draft_and_submit_for_review(client, writer):
    AuthorFactory(user=writer, name="Diego Salazar")
    client.force_login(writer)
    response = client.post(ADD, article_form(status=Article.Status.REVIEW))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert article.byline_names == ["Diego Salazar"]  # their own byline by default


def test_writer_form_offers_no_publishing(client, writer):
    client.force_login(writer)
    response = client.get(ADD)
    assertNotContains(response, 'value="published"')
    assertNotContains(response, 'name="published_at_0"')
    assertNotContains(response, 'value="publish_now"')


def test_writer_crafted_publish_post_is_refused(client, writer):
    client.force_login(writer)
    response = client.post(ADD, article_form(status=Article.Status.PUBLISHED))
    assert response.status_code == 200
    assertContains(response, "Select a valid choice")
    assert not Article.objects.exists()


def test_writer_crafted_publication_time_is_ignored(client, writer, a_draft_article):
    client.force_login(writer)
    response = client.post(
        change_url(a_draft_article),
        article_form(
            headline=a_draft_article.headline,
            slug=a_draft_article.slug,
            **when(timezone.now() + timedelta(days=1)),
        ),
    )
    assert response.status_code == 302
    a_draft_article.refresh_from_db()
    assert a_draft_article.published_at is None
    assert a_draft_article.status == Article.Status.DRAFT


def test_writer_cannot_use_bulk_publish(client, writer, a_draft_article):
    client.force_login(writer)
    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [a_draft_article.pk]})
    a_draft_article.refresh_from_db()
    assert a_draft_article.status == Article.Status.DRAFT


def test_writer_cannot_change_a_published_article(client, writer, a_published_article):
    client.force_login(writer)
    response = client.post(
        change_url(a_published_article),
        article_form(
            headline="Rewritten", slug=a_published_article.slug, status=Article.Status.DRAFT
        ),
    )
    assert response.status_code == 403
    a_published_article.refresh_from_db()
    assert a_published_article.headline == "Council approves budget"


def test_bulk_actions_publish_and_return_to_draft(
    client, editor, a_draft_article, a_scheduled_article, settings
):
    settings.PUBLISH_CHECKS_BLOCKING = []  # the checklist's part: tests/desk/test_checklist.py
    client.force_login(editor)
    client.post(
        CHANGELIST,
        {"action": "publish_now", "_selected_action": [a_draft_article.pk, a_scheduled_article.pk]},
    )
    for article in (a_draft_article, a_scheduled_article):
        article.refresh_from_db()
        assert article.is_published()
        assert article.last_edited_by == editor
    client.post(CHANGELIST, {"action": "return_to_draft", "_selected_action": [a_draft_article.pk]})
    a_draft_article.refresh_from_db()
    assert a_draft_article.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("editor", "admin:articles_source_changelist", 200),
        ("editor", "admin:articles_category_add", 200),
        ("editor", "admin:taggit_tag_changelist", 200),
        ("writer", "admin:articles_article_add", 200),
        ("writer", "admin:articles_source_add", 403),
        ("writer", "admin:articles_category_add", 403),
        ("moderator", "admin:articles_article_changelist", 403),
        ("moderator", "admin:articles_article_add", 403),
    ],
)
def test_roles_see_their_screens(client, request, role, url, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(url)).status_code == status


def test_the_admin_names_the_tags_section_tags_not_taggit(client, editor):
    client.force_login(editor)
    home = client.get(reverse("admin:index"))
    assertContains(home, 'href="/admin/taggit/tag/"')
    assertNotContains(home, "Taggit")


def test_moderator_cannot_create_sources(client, moderator):
    client.force_login(moderator)
    client.post(reverse("admin:articles_source_add"), {"name": "X", "slug": "x"})
    assert not Source.objects.exists()


def test_source_and_category_lists_show_article_counts(
    client, editor, django_assert_max_num_queries
):
    source = SourceFactory(name="Andina")
    category = CategoryFactory(name="Culture")
    for _ in range(3):
        ArticleFactory(source=source, categories=[category])
    client.force_login(editor)
    for url in ("admin:articles_source_changelist", "admin:articles_category_changelist"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(url))
        assertContains(response, '<td class="field-article_count">3</td>', html=True)


def test_author_autocomplete_for_writers(client, writer):
    AuthorFactory(name="Rosa Huamán")
    client.force_login(writer)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "Rosa", "app_label": "articles", "model_name": "article", "field_name": "authors"},
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Rosa Huamán"
    assert Author.objects.count() == 1


def test_an_article_with_an_image_saves_again_without_a_new_upload(client, editor, settings):
    """The picture already stored is checked again on every save; it must still be readable."""
    from django.core.files.base import ContentFile

    from tests.articles.images import tiny_png

    article = ArticleFactory(headline="Storm closes the road")
    article.image.save("storm.png", ContentFile(tiny_png()), save=False)
    article.image_alt = "The road under water"
    article.save()
    client.force_login(editor)
    response = client.post(
        change_url(article),
        article_form(
            headline="Storm closes the highland road",
            slug=article.slug,
            status=article.status,
            image_alt="The road under water",
            **when(article.published_at),
            **{"corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0"},
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.headline == "Storm closes the highland road"
    assert article.image
