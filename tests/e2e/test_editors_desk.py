"""The editor's desk in a real browser: two editors on one article, revisions."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import E2E, guide_shot, login
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = E2E


@pytest.fixture
def new_page(browser):
    """A page in a browser context of its own (its own log-in); closed after the test.
    CSP is bypassed so that axe can be injected."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def edit_body(page, text):
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def test_two_editors_edit_one_article_and_neither_loses_work(new_page, site, editor, shot):
    rosa = UserFactory(username="rosa", first_name="Rosa", last_name="Quispe")
    rosa.groups.add(Group.objects.get(name="Editors"))
    article = ArticleFactory(
        headline="Floods close the highway",
        standfirst="Rain cut the road.",
        body="<p>The road to Cusco is closed.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    change = f"{site}/admin/articles/article/{article.pk}/change/"

    me, her = new_page(), new_page()
    login(her, site, rosa)
    her.goto(change)
    login(me, site, editor)
    me.goto(change)
    # The soft lock: Rosa opened it first.
    expect(me.locator("#desk-lock")).to_contain_text("Rosa Quispe is currently editing")
    shot("second-editor-sees-the-lock", me)
    guide_shot(me, "edit-lock", me.locator("#desk-lock"))

    her.fill("#id_headline", "Floods close the Cusco highway")
    edit_body(her, "Police say it may reopen on Friday.")
    her.click("input[name=_save]")
    expect(her.locator(".messagelist")).to_contain_text("was changed successfully")

    me.fill("#id_standfirst", "Three days of rain cut the road.")
    edit_body(me, "Drivers wait in Abancay.")
    me.click("input[name=_save]")
    # Refused, with what Rosa changed and both texts kept.
    expect(me.locator(".errornote, .errorlist")).not_to_have_count(0)
    expect(me.locator(".desk-conflict")).to_contain_text("What Rosa Quispe changed")
    expect(me.locator(".desk-conflict ins").first).to_be_visible()
    expect(me.locator("#id_headline")).to_have_value("Floods close the Cusco highway")
    expect(me.locator("#id_standfirst")).to_have_value("Three days of rain cut the road.")
    expect(me.locator(".ProseMirror[contenteditable=true]")).to_contain_text(
        "Drivers wait in Abancay."
    )
    shot("conflict-shown", me)
    guide_shot(me, "conflict", me.locator(".desk-conflict"))

    # Keep both: add Rosa's paragraph to mine and save again.
    edit_body(me, "Police say it may reopen on Friday.")
    me.click("input[name=_save]")
    expect(me.locator(".messagelist")).to_contain_text("was changed successfully")

    article.refresh_from_db()
    assert article.headline == "Floods close the Cusco highway"
    assert article.standfirst == "Three days of rain cut the road."
    assert "Drivers wait in Abancay." in article.body
    assert "Police say it may reopen on Friday." in article.body


def test_an_editor_compares_two_revisions_and_restores_the_older(
    new_page, site, editor, shot, axe_violations
):
    article = ArticleFactory(
        headline="Council approves the budget",
        standfirst="Money for roads.",
        body="<p>The council voted 7 to 2.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    page = new_page()
    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    # The checklist (the rest of the form is Django's and the editor's widgets).
    assert axe_violations(page, ".desk-checklist") == []
    page.fill("#id_headline", "Council rejects the budget")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Revisions").click()
    expect(page.locator(".desk-revisions tbody tr")).to_have_count(2)
    assert axe_violations(page) == []
    shot("revisions", page)
    guide_shot(page, "revisions")
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator(".desk-diff del")).to_contain_text(["approves"])
    expect(page.locator(".desk-diff ins")).to_contain_text(["rejects"])
    assert axe_violations(page) == []
    shot("compare", page)
    guide_shot(page, "compare")
    page.get_by_role("link", name="Restore the older one…").click()
    assert axe_violations(page) == []
    shot("restore", page)
    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".messagelist")).to_contain_text("Restored the revision")
    expect(page.locator("#id_headline")).to_have_value("Council approves the budget")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_writer_submits_editor_sends_back_writer_resubmits_editor_publishes(
    new_page, site, editor, writer, shot, axe_violations
):
    article = ArticleFactory(
        headline="Growers march on Lima",
        standfirst="Thousands walked for a week.",
        body="<p>The march reached the capital on Monday.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=writer,
        byline="Diego Salazar",
        categories=[CategoryFactory(name="Politics")],
    )
    change = f"{site}/admin/articles/article/{article.pk}/change/"
    writer_page, editor_page = new_page(), new_page()

    login(writer_page, site, writer)
    writer_page.goto(change)
    writer_page.select_option("#id_status", "review")
    writer_page.click("input[name=_save]")
    expect(writer_page.locator(".messagelist")).to_contain_text("Submitted for review")

    login(editor_page, site, editor)
    expect(editor_page.locator("#review-queue")).to_contain_text("In review: 1 article")
    shot("admin-home-review-queue", editor_page)
    guide_shot(editor_page, "review-queue", editor_page.locator("#review-queue"))
    assert axe_violations(editor_page) == []
    editor_page.locator("#review-queue a", has_text="Growers march on Lima").click()
    editor_page.get_by_role("link", name="Send back to the writer with a note").click()
    editor_page.fill("#id_note", "Who counted the thousands? Name the source.")
    assert axe_violations(editor_page) == []
    editor_page.get_by_role("button", name="Send back").click()
    expect(editor_page.locator(".messagelist")).to_contain_text("Sent back to the writer")

    writer_page.goto(change)
    expect(writer_page.locator(".desk-note")).to_contain_text("Name the source.")
    shot("writer-sees-the-note", writer_page)
    guide_shot(writer_page, "sent-back-note", writer_page.locator(".desk-note"))
    writer_page.fill("#id_standfirst", "Thousands, by the police's count, walked for a week.")
    writer_page.select_option("#id_status", "review")
    writer_page.click("input[name=_save]")
    expect(writer_page.locator(".messagelist")).to_contain_text("Submitted for review")

    editor_page.goto(change)
    expect(editor_page.locator(".desk-note")).to_have_count(0)
    editor_page.select_option("#id_status", "published")
    # No picture: the checklist's one warning, which the editor accepts.
    expect(editor_page.locator(".desk-checklist")).to_contain_text("1 warning")
    editor_page.click("input[name=_save]")
    expect(editor_page.locator(".desk-checklist .errorlist")).to_contain_text("tick this box")
    editor_page.check("#id_publish_checked")
    editor_page.click("input[name=_save]")
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")

    editor_page.goto(f"{change}../revisions/")
    history = editor_page.locator(".desk-revisions")
    expect(history).to_contain_text("Sent back to the writer")
    expect(history).to_contain_text("Submitted for review")
    shot("review-in-the-history", editor_page)
    assert axe_violations(editor_page) == []
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_an_editor_adds_a_correction_readers_see_it_everywhere(page, site, editor, shot):
    article = ArticleFactory(headline="Mayor opens the new market")
    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    page.locator(".add-row a").click()
    page.fill("#id_corrections-0-text", "An earlier version misspelled the mayor’s name.")
    guide_shot(page, "correction-form", page.locator(".inline-group"))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{site}{article.get_absolute_url()}")
    expect(page.locator(".corrections")).to_contain_text(
        "Correction, " + f"{article.corrections.get().created_at:%-d %B %Y}"
    )
    ld = page.locator('script[type="application/ld+json"]').text_content()
    assert "An earlier version misspelled the mayor’s name." in ld
    shot("article-with-correction")
    guide_shot(page, "correction-on-the-article", page.locator(".corrections"))
    page.goto(f"{site}/corrections/")
    expect(page.locator(".correction-list")).to_contain_text("Mayor opens the new market")
    shot("corrections-page")


def test_the_body_editor_has_heading_buttons_and_spell_checking(page, site, editor, shot):
    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/add/")
    body = page.locator(".ProseMirror[contenteditable=true]")
    expect(body).not_to_have_attribute("spellcheck", "false")
    body.click()
    page.keyboard.type("What the court found")
    page.get_by_role("button", name="heading 2").click()
    expect(body.locator("h2")).to_have_text("What the court found")
    page.keyboard.press("Enter")
    page.keyboard.type("Next steps")
    page.get_by_role("button", name="heading 3").click()
    expect(body.locator("h3")).to_have_text("Next steps")
    shot("heading-buttons")
    guide_shot(page, "body-editor", page.locator(".field-body"))


def test_the_heartbeat_follows_who_is_editing(new_page, site, editor, monkeypatch, shot):
    from desk import locks

    monkeypatch.setattr(locks, "HEARTBEAT_SECONDS", 1)
    rosa = UserFactory(username="rosa", first_name="Rosa", last_name="Quispe")
    rosa.groups.add(Group.objects.get(name="Editors"))
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    change = f"{site}/admin/articles/article/{article.pk}/change/"
    me, her = new_page(), new_page()
    errors = []
    me.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    login(her, site, rosa)
    her.goto(change)
    login(me, site, editor)
    me.goto(change)
    expect(me.locator("#desk-lock")).to_contain_text("Rosa Quispe is currently editing")

    her.goto(f"{site}/admin/")  # she leaves: her page releases the lock
    expect(me.locator("#desk-lock")).to_be_hidden()  # my next heartbeat takes it
    her.goto(change)
    expect(her.locator("#desk-lock")).to_contain_text("is currently editing")
    shot("lock-taken-over", her)
    assert errors == []


def test_the_send_back_note_fits_a_phone(page, site, editor, shot):
    article = ArticleFactory(headline="Growers march on Lima", status=Article.Status.REVIEW)
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/{article.pk}/send-back/")
    note = page.locator("#id_note")
    expect(note).to_be_visible()
    shot("send-back-375")
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_revisions_table_scrolls_in_its_box_on_a_phone(page, site, editor, shot):
    article = ArticleFactory(headline="Growers march on Lima")
    article.headline = "Growers march on Lima for a week"
    article.save()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/{article.pk}/revisions/")
    expect(page.locator(".desk-revisions tbody tr")).to_have_count(2)
    shot("revisions-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="Restore…").click()
    expect(page).to_have_url(re.compile(r"/restore/"))
