"""The pre-publish checklist: what it finds, and how the admin stops or lets through a
publication because of it."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from desk import checklist
from newsroom import configuration
from tests.articles.images import tiny_png
from tests.articles.test_admin import ADD, article_form, when
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def failing(found):
    return {item.code for item in found.items if not item.passed}


def complete(**overrides):
    """Everything the checklist asks for, as plain values."""
    values = {
        "headline": "Bridge reopens after repairs",
        "standfirst": "Traffic flows again.",
        "body": '<p>The <a href="https://example.org/bridge">bridge</a> is open.</p>',
        "has_image": True,
        "image_alt": "The bridge at dawn",
        "image_caption": "The bridge on Monday.",
        "image_credit": "Ana Quispe / Andina",
        "categories": ("roads",),
        "authors": ("ana",),
    }
    return checklist.Draft(**{**values, **overrides})


def test_a_complete_article_passes_every_item():
    found = checklist.run(complete())
    assert found.ready
    assert failing(found) == set()


@pytest.mark.parametrize(
    "href",
    [
        "http://localhost:8000/2026/11/27/bridge/",
        "http://127.0.0.1/bridge",
        "http://[::1]:8000/",
        "http://192.168.1.20/draft",
        "https://dev.newsroom.localhost/x",
        "/admin/articles/article/7/change/",
        "https://news.example.org/admin/articles/article/7/change/",
    ],
)
def test_links_to_a_test_machine_or_the_admin_are_found(href):
    body = f'<p>See <a href="{href}">this</a>.</p>'
    found = checklist.run(complete(body=body))
    assert failing(found) == {"local_links"}
    assert href in found.blocking[0].problem


@pytest.mark.parametrize(
    "href", ["https://example.org/admin-news", "/2026/11/27/bridge/", "mailto:desk@example.org"]
)
def test_ordinary_links_pass(href):
    assert checklist.run(complete(body=f'<p><a href="{href}">x</a></p>')).ready


def test_empty_subheadings_are_counted():
    body = "<h2>Background</h2><p>Text.</p><h2> </h2><p>More.</p><h3></h3>"
    found = checklist.run(complete(body=body))
    assert failing(found) == {"empty_headings"}
    assert "2 empty subheadings" in found.warnings[0].problem


def test_a_title_too_long_for_search_results_is_a_warning_naming_its_length():
    headline = "Regional government approves the budget for new bridges across the valley"
    found = checklist.run(complete(headline=headline))
    assert failing(found) == {"headline_length"}
    assert f"this one has {len(headline)}" in found.warnings[0].problem
    # A short search title is what search engines show instead.
    assert checklist.run(complete(headline=headline, seo_title="Budget for bridges")).ready


def test_image_details_are_only_asked_for_with_an_image():
    found = checklist.run(complete(has_image=False, image_alt="", image_credit=""))
    assert failing(found) == {"image"}
    # Not listed as done either: there is nothing to describe, caption or credit.
    assert not {item.code for item in found.items} & {"image_alt", "image_caption", "image_credit"}
    found = checklist.run(complete(image_caption="", image_credit=""))
    assert failing(found) == {"image_caption", "image_credit"}


def test_a_byline_or_a_source_will_do_for_an_author():
    assert "byline" in failing(checklist.run(complete(authors=())))
    assert checklist.run(complete(authors=(), byline="Andina staff")).ready
    assert checklist.run(complete(authors=(), source=3)).ready


def test_which_items_block_comes_from_the_setting(settings):
    draft = complete(categories=(), image_credit="")
    settings.PUBLISH_CHECKS_BLOCKING = ["category"]
    found = checklist.run(draft)
    assert [item.code for item in found.blocking] == ["category"]
    assert [item.code for item in found.warnings] == ["image_credit"]
    settings.PUBLISH_CHECKS_BLOCKING = []
    assert checklist.run(draft).blocking == []


def test_the_setting_names_every_check_and_refuses_unknown_ones():
    variable = configuration.BY_NAME["PUBLISH_CHECKS_BLOCKING"]
    assert set(variable.choices) == set(checklist.CODES)
    values, problems = configuration.read({"PUBLISH_CHECKS_BLOCKING": "category,headline"})
    assert values.PUBLISH_CHECKS_BLOCKING == variable.default
    assert "names headline, not one of" in problems[0]
    values, problems = configuration.read({"PUBLISH_CHECKS_BLOCKING": "none"})
    assert values.PUBLISH_CHECKS_BLOCKING == [] and not problems


# The admin.


def publish_form(**overrides):
    """The form publishing an article, with the warnings not (yet) acknowledged."""
    data = article_form(status=Article.Status.PUBLISHED, **overrides)
    if "publish_checked" not in overrides:
        del data["publish_checked"]
    return data


def test_publishing_without_a_section_or_image_credit_says_exactly_what_to_fix(client, editor):
    AuthorFactory(user=editor)
    client.force_login(editor)
    response = client.post(
        ADD,
        publish_form(
            image=SimpleUploadedFile("a.png", tiny_png(), "image/png"),
            image_alt="The bridge at dawn",
            image_caption="The bridge on Monday.",
        ),
    )
    assert response.status_code == 200
    assert not Article.objects.exists()
    form = response.context["adminform"].form
    assert form.errors["categories"] == ["Choose at least one section under Categories."]
    assert form.errors["image_credit"][0].startswith("Credit the image under Image credit")
    assertContains(response, "This article cannot be published yet.")
    # Nothing the editor typed is lost.
    assertContains(response, 'value="Bridge reopens after repairs"')
    assertContains(response, "The bridge on Monday.")


def test_a_draft_is_saved_whatever_the_checklist_says(client, editor):
    client.force_login(editor)
    response = client.post(ADD, article_form())
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_warnings_wait_for_the_editors_tick(client, editor):
    """No image is a warning by default: publishing needs the box ticked."""
    section = CategoryFactory()
    client.force_login(editor)
    data = publish_form(categories=[section.pk], byline="Andina staff")
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["publish_checked"] == [
        "The checklist has warnings: read them, then tick this box to publish anyway."
    ]
    assertContains(response, "There is no featured image")
    assert not Article.objects.exists()

    response = client.post(ADD, {**data, "publish_checked": "on"})
    assert response.status_code == 302
    assert Article.objects.get().is_published()


def test_a_refusal_asks_for_the_fixes_and_the_tick_at_once(client, editor):
    """Blocking items and warnings together: one more save publishes, not two."""
    section = CategoryFactory()
    client.force_login(editor)
    data = publish_form(byline="Andina staff")  # no section (blocking), no image (warning)
    response = client.post(ADD, data)
    errors = response.context["adminform"].form.errors
    assert "categories" in errors and "publish_checked" in errors
    response = client.post(ADD, {**data, "categories": [section.pk], "publish_checked": "on"})
    assert response.status_code == 302
    assert Article.objects.get().is_published()


def test_a_blocking_item_made_a_warning_by_the_setting_can_be_acknowledged(
    client, editor, settings
):
    settings.PUBLISH_CHECKS_BLOCKING = []
    client.force_login(editor)
    response = client.post(ADD, publish_form(byline="Andina staff", publish_checked="on"))
    assert response.status_code == 302
    assert Article.objects.get().is_published()


def test_scheduling_is_checked_too(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD, publish_form(byline="Andina staff", **when(timezone.now() + timedelta(days=1)))
    )
    assert response.status_code == 200
    assertContains(response, "Choose at least one section under Categories.")
    assert not Article.objects.exists()


def test_editing_a_published_article_is_not_held_up_by_the_checklist(client, editor):
    """Published before the checklist existed, or with an acknowledged warning: a later
    fix to its text goes through."""
    article = ArticleFactory(headline="Old story")
    client.force_login(editor)
    form = client.get(change_url(article)).context["adminform"].form
    data = article_form(
        headline="Old story, fixed",
        slug=article.slug,
        status=Article.Status.PUBLISHED,
        base_revision=form.initial["base_revision"],
        **when(article.published_at),
        **{"corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0"},
    )
    del data["publish_checked"]
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Old story, fixed"


def test_the_change_form_shows_the_checklist(client, editor):
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        body='<p><a href="http://localhost:8000/x">x</a></p><h2></h2>',
        byline="Andina staff",
    )
    client.force_login(editor)
    response = client.get(change_url(article))
    assertContains(response, "Before publishing")
    assertContains(response, "2 things to fix")
    assertContains(response, "Choose at least one section under Categories.")
    assertContains(response, "The body links to “http://localhost:8000/x”")
    assertContains(response, "The body has 1 empty subheading")


def test_writers_see_the_checklist_but_no_box_to_publish(client, writer):
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=writer,
        categories=[CategoryFactory()],
        byline="Andina staff",
    )
    client.force_login(writer)
    response = client.get(change_url(article))
    assertContains(response, "Before publishing")
    assertContains(response, "There is no featured image")
    assertNotContains(response, "Publish with these warnings")


def test_publish_now_leaves_out_articles_with_blocking_items(client, editor):
    ready = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        categories=[CategoryFactory()],
        byline="Andina staff",
    )
    lacking = ArticleFactory(headline="No section", status=Article.Status.DRAFT, published_at=None)
    client.force_login(editor)
    response = client.post(
        CHANGELIST,
        {"action": "publish_now", "_selected_action": [ready.pk, lacking.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    lacking.refresh_from_db()
    assert ready.is_published()
    assert lacking.status == Article.Status.DRAFT
    assertContains(response, "Not published, “No section”: Choose at least one section")


def test_the_codes_are_the_checks_in_order():
    assert tuple(item.code for item in checklist.run(complete()).items) == checklist.CODES
