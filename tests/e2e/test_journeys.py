"""The three roles end to end, as their users meet the product."""

import io
import time
from datetime import timedelta

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from tests.e2e.conftest import E2E, login
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = E2E


def pick(page, field, text):
    """Choose ``text`` in the admin's autocomplete (select2) widget for ``field``."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def jpeg(tmp_path):
    path = tmp_path / "courthouse.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), (120, 40, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_editor_writes_and_publishes_a_complete_article(page, site, editor, shot, tmp_path):
    login(page, site, editor)

    page.goto(f"{site}/admin/articles/source/add/")
    page.fill("#id_name", "Agencia Andina")
    page.fill("#id_website", "https://andina.example/")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    for name, parent in (("Law & Justice", None), ("Coca Trade", "Law & Justice")):
        page.goto(f"{site}/admin/articles/category/add/")
        page.fill("#id_name", name)
        if parent:
            page.select_option("#id_parent", label=parent)
        page.click("input[name=_save]")
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(f"{site}/admin/articles/article/add/")
    page.fill("#id_headline", "Court frees growers held over coca permits")
    page.fill("#id_standfirst", "The judge found the registry, not the growers, at fault.")
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.type("A judge ordered the release of four growers on Tuesday.")
    page.keyboard.press("Enter")
    page.keyboard.type("## What the court found")
    page.keyboard.press("Enter")
    page.keyboard.type("The permits were ")
    page.keyboard.press("Control+b")
    page.keyboard.type("valid all along")
    page.keyboard.press("Control+b")
    page.keyboard.type(", as the ruling https://courts.example/ruling shows. ")
    page.keyboard.press("Enter")
    page.keyboard.type("## What happens next")
    page.keyboard.press("Enter")
    page.keyboard.type("The police may appeal within ten days.")
    pick(page, "source", "Agencia Andina")
    pick(page, "categories", "Law & Justice")
    pick(page, "categories", "Coca Trade")
    page.fill("#id_tags", "Coca leaf, Courts, Growers")
    page.set_input_files("#id_image", str(jpeg(tmp_path)))
    page.fill("#id_image_alt", "The courthouse steps in Puerto Ayala")
    page.fill("#id_image_caption", "Growers wait outside the court.")
    page.fill("#id_image_credit", "Ana Quispe / Andina")
    page.select_option("#id_status", "published")
    page.check("#id_is_featured")
    shot("article-form")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(site)
    lead = page.locator(".card-lead .card-title a")
    expect(lead).to_have_text("Court frees growers held over coca permits")
    shot("home")
    lead.click()
    article = page.locator("article.article")
    expect(article.locator("h1")).to_have_text("Court frees growers held over coca permits")
    expect(article.locator(".standfirst")).to_have_text(
        "The judge found the registry, not the growers, at fault."
    )
    expect(article.locator(".kickers a")).to_have_text(["Coca Trade", "Law & Justice"])
    expect(article.locator(".meta")).to_contain_text("Source: Agencia Andina")
    expect(article.locator(".body h2")).to_have_text(["What the court found", "What happens next"])
    expect(article.locator(".body strong")).to_have_text("valid all along")
    expect(article.locator('.body a[href="https://courts.example/ruling"]')).to_have_count(1)
    expect(article.locator("figure img")).to_have_attribute(
        "alt", "The courthouse steps in Puerto Ayala"
    )
    expect(article.locator("figcaption")).to_contain_text("Growers wait outside the court.")
    expect(article.locator("figcaption")).to_contain_text("Ana Quispe / Andina")
    expect(article.locator(".tags a")).to_have_text(["Coca leaf", "Courts", "Growers"])
    # The picture loaded, as a WebP rendition of the upload (articles/renditions.py).
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 0
    assert "/renditions/" in page.evaluate("document.querySelector('figure img').currentSrc")
    assert page.evaluate("document.querySelector('figure img').currentSrc").endswith(".webp")
    shot("article")


def test_writer_submits_for_review_and_an_editor_publishes(
    page, browser, site, writer, editor, shot
):
    CategoryFactory(name="Local")
    login(page, site, writer)
    page.goto(f"{site}/admin/articles/article/add/")
    options = page.locator("#id_status option").all_inner_texts()
    assert options == ["Draft", "In review"]
    expect(page.locator("#id_published_at_0")).to_have_count(0)
    page.fill("#id_headline", "Water board accounts published")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The board has published its accounts for the first time.")
    page.fill("#id_byline", "Diego Salazar")
    pick(page, "categories", "Local")  # the checklist's one blocking item a writer can miss
    page.select_option("#id_status", "review")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    publish_action = page.locator("select[name=action] option[value=publish_now]")
    expect(publish_action).to_have_count(0)
    shot("writer-list")

    article = Article.objects.get(headline="Water board accounts published")
    assert article.status == Article.Status.REVIEW
    reader = browser.new_context().new_page()
    response = reader.goto(f"{site}{article.get_absolute_url()}")
    assert response.status == 404

    editor_page = browser.new_context().new_page()
    login(editor_page, site, editor)
    editor_page.goto(f"{site}/admin/articles/article/?status__exact=review")
    editor_page.locator("input[name=_selected_action]").first.check()
    editor_page.select_option("select[name=action]", "publish_now")
    editor_page.click("button[name=index]")
    expect(editor_page.locator(".messagelist")).to_contain_text("1 article(s) published.")

    article.refresh_from_db()
    response = reader.goto(f"{site}{article.get_absolute_url()}")
    assert response.status == 200
    expect(reader.locator("h1")).to_have_text("Water board accounts published")


def test_reader_comments_and_waits_for_moderation(page, browser, site, settings, shot):
    settings.COMMENTS = {"MIN_SECONDS": 1}
    ArticleFactory(headline="Elections set for October", is_featured=True)
    page.goto(site)
    page.click(".card-lead .card-title a")
    shot("article")

    page.fill("#id_website", "https://my.example/")
    page.click("button:has-text('Post Comment')")
    for message in (
        "Please type your comment.",
        "Please enter your name.",
        "Please enter your email address.",
    ):
        expect(page.locator(".field-error", has_text=message)).to_have_count(1)
    expect(page.locator("#id_website")).to_have_value("https://my.example/")
    shot("form-errors")

    time.sleep(1.1)
    page.fill("#id_name", "Ana Quispe")
    page.fill("#id_email", "ana@example.org")
    page.fill("#id_body", "Will the debates be on community radio?")
    page.click("button:has-text('Post Comment')")
    expect(page.locator(".awaiting")).to_have_text("Your comment is awaiting moderation.")
    expect(page.locator("#comments-heading")).to_have_text("One Comment")  # the reader's own
    shot("awaiting-moderation")

    stranger = browser.new_context().new_page()
    stranger.goto(page.url)
    expect(stranger.locator("#comments-heading")).to_have_text("No Comments")
    expect(stranger.locator(".comment")).to_have_count(0)


def test_moderator_approves_from_the_queue(page, browser, site, moderator, settings, shot):
    settings.COMMENTS = {"MIN_SECONDS": 1}
    article = ArticleFactory(headline="River levels fall")
    comment = CommentFactory(
        article=article,
        name="Ana Quispe",
        body="Our well is dry too.",
        status="pending",
        held_reason="Site policy: every comment is held for review.",
    )
    login(page, site, moderator)
    expect(page.locator("#content-main")).to_contain_text(
        "Comments (1 to moderate, the oldest just arrived)"
    )
    shot("admin-index")
    page.click("text=Comments (1 to moderate")
    row = page.locator("#result_list tbody tr", has_text="Our well is dry too.")
    expect(row).to_contain_text("Site policy: every comment is held for review.")
    shot("queue")
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "approve")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 comment(s) approved.")

    response = page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    assert response.status == 403

    reader = browser.new_context().new_page()
    reader.goto(f"{site}{article.get_absolute_url()}")
    expect(reader.locator("#comments-heading")).to_have_text("One Comment")
    expect(reader.locator(f"#comment-{comment.pk}")).to_contain_text("Our well is dry too.")

    reader.locator(f"#comment-{comment.pk}").get_by_role("link", name="Reply to Ana Quispe").click()
    expect(reader.locator(".respond-heading")).to_contain_text("Reply to Ana Quispe")
    time.sleep(1.1)  # people take longer than the bot trap's minimum to write
    reader.fill("#id_name", "Marco Apaza")
    reader.fill("#id_email", "marco@example.org")
    reader.fill("#id_body", "Ours too, since August.")
    reader.click("button:has-text('Post Comment')")
    expect(reader.locator(".awaiting")).to_have_count(1)

    page.goto(f"{site}/admin/comments/comment/")
    page.locator("#result_list tbody tr", has_text="Ours too").locator(
        "input[name=_selected_action]"
    ).check()
    page.select_option("select[name=action]", "approve")
    page.click("button[name=index]")

    fresh = browser.new_context().new_page()
    fresh.goto(f"{site}{article.get_absolute_url()}")
    expect(fresh.locator("#comments-heading")).to_have_text("2 Comments")
    expect(fresh.locator(f"#comment-{comment.pk} .comment-replies .comment")).to_contain_text(
        "Ours too, since August."
    )
    shot("threaded", fresh)
    assert Comment.objects.approved().count() == 2


def test_scheduled_article_appears_by_itself(page, site, shot):
    ArticleFactory(headline="Yesterday's news", published_at=timezone.now() - timedelta(days=1))
    ArticleFactory(
        headline="Embargoed budget story", published_at=timezone.now() + timedelta(seconds=3)
    )
    page.goto(site)
    expect(page.locator("main")).not_to_contain_text("Embargoed budget story")
    time.sleep(3.5)
    page.reload()
    expect(page.locator(".card-title").first).to_have_text("Embargoed budget story")
    shot("home-after-embargo")
