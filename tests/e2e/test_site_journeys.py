"""Issue 16 end to end: pages, curation, a banner, article types, as editors and readers
meet them."""

import json
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import E2E, login
from tests.e2e.test_journeys import pick
from tests.factories import ArticleFactory

pytestmark = E2E


def write_page(page, site, title, text, *, privacy=False):
    page.goto(f"{site}/admin/pages/page/add/")
    page.fill("#id_title", title)  # the slug follows the title
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type(text)
    if privacy:
        page.check("#id_is_privacy_notice")
    expect(page.locator("#id_in_footer")).to_be_checked()  # in the footer unless unticked
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def test_editor_adds_about_and_privacy_pages_and_readers_find_them(
    page, browser, site, editor, shot
):
    article = ArticleFactory(headline="Council approves the election calendar")
    login(page, site, editor)
    write_page(page, site, "About us", "We are a small newsroom in the valley.")
    write_page(page, site, "Privacy notice", "We keep your IP for 30 days.", privacy=True)

    reader = browser.new_page()
    reader.goto(f"{site}{article.get_absolute_url()}")
    footer = reader.locator(".site-footer")
    expect(footer.get_by_role("link", name="About us")).to_be_visible()
    form = reader.locator("#comment-form")
    expect(form.get_by_role("link", name="privacy notice")).to_have_attribute(
        "href", "/privacy-notice/"
    )
    shot("comment-form-privacy-link", reader)
    form.get_by_role("link", name="privacy notice").click()
    expect(reader.locator("h1")).to_have_text("Privacy notice")
    expect(reader.locator(".body")).to_contain_text("We keep your IP for 30 days.")


def test_editor_orders_top_stories_and_raises_a_banner(page, browser, site, editor, shot):
    stories = [ArticleFactory(headline=f"Story {name}") for name in ("one", "two", "three")]
    reader = browser.new_page()
    reader.goto(f"{site}/")  # now cached
    login(page, site, editor)
    for position, story in zip((2, 1, 3), stories, strict=True):
        page.goto(f"{site}/admin/articles/topstory/add/")
        pick(page, "article", story.headline)
        page.fill("#id_position", str(position))
        page.click("input[name=_save]")
    page.goto(f"{site}/admin/articles/breakingnews/add/")
    page.fill("#id_text", "Polls have closed across the valley")
    expires = timezone.localtime(timezone.now() + timedelta(hours=1))
    page.fill("#id_expires_at_0", expires.strftime("%Y-%m-%d"))
    page.fill("#id_expires_at_1", expires.strftime("%H:%M:%S"))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    reader.goto(f"{site}/")
    expect(reader.locator(".breaking")).to_contain_text("Polls have closed across the valley")
    expect(reader.locator(".card-lead .card-title")).to_have_text("Story two")
    expect(reader.locator(".top-stories .card-title")).to_have_text(["Story one", "Story three"])
    shot("curated-home", reader)


def test_an_opinion_piece_is_labelled_and_typed(page, site):
    article = ArticleFactory(headline="Why the valley needs a new bridge", kind="opinion")
    page.goto(f"{site}{article.get_absolute_url()}")
    expect(page.locator(".article-header .kind-label")).to_have_text("Opinion")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "OpinionNewsArticle"
