"""The editor's desk in a real browser: two editors on one article, revisions."""

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import E2E, login
from tests.factories import ArticleFactory, UserFactory

pytestmark = E2E


def edit_body(page, text):
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def test_two_editors_edit_one_article_and_neither_loses_work(browser, site, editor, shot):
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

    mine = browser.new_context(viewport={"width": 1280, "height": 900})
    theirs = browser.new_context(viewport={"width": 1280, "height": 900})
    me, her = mine.new_page(), theirs.new_page()
    login(her, site, rosa)
    her.goto(change)
    login(me, site, editor)
    me.goto(change)
    # The soft lock: Rosa opened it first.
    expect(me.locator("#desk-lock")).to_contain_text("Rosa Quispe is currently editing")
    shot("second-editor-sees-the-lock", me)

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

    # Keep both: add Rosa's paragraph to mine and save again.
    edit_body(me, "Police say it may reopen on Friday.")
    me.click("input[name=_save]")
    expect(me.locator(".messagelist")).to_contain_text("was changed successfully")

    article.refresh_from_db()
    assert article.headline == "Floods close the Cusco highway"
    assert article.standfirst == "Three days of rain cut the road."
    assert "Drivers wait in Abancay." in article.body
    assert "Police say it may reopen on Friday." in article.body
    mine.close()
    theirs.close()


def test_an_editor_compares_two_revisions_and_restores_the_older(page, site, editor, shot):
    article = ArticleFactory(
        headline="Council approves the budget",
        standfirst="Money for roads.",
        body="<p>The council voted 7 to 2.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_headline", "Council rejects the budget")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Revisions").click()
    expect(page.locator(".desk-revisions tbody tr")).to_have_count(2)
    shot("revisions")
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator(".desk-diff del")).to_contain_text(["approves"])
    expect(page.locator(".desk-diff ins")).to_contain_text(["rejects"])
    shot("compare")
    page.get_by_role("link", name="Restore the older one…").click()
    page.get_by_role("button", name="Restore this revision").click()
    expect(page.locator(".messagelist")).to_contain_text("Restored the revision")
    expect(page.locator("#id_headline")).to_have_value("Council approves the budget")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
