"""Issue 14 in Chromium: a reader reports a comment and a moderator finds it in the
Reported queue; an editor's pick shows first under the article; axe on the new screens.
Screenshots in test-artifacts/<test name>/."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment, CommentReport
from comments.own import own_link
from tests.e2e.conftest import E2E, login
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = E2E

QUEUE = "/admin/comments/comment/"


@pytest.fixture
def story():
    article = ArticleFactory(
        headline="Flood barrier contract goes to the mayor’s cousin",
        categories=[CategoryFactory(name="Local politics")],
    )
    CommentFactory(article=article, name="Ana", body="Who else bid for the contract?")
    CommentFactory(
        article=article,
        name="Dora",
        body="His cousin lives at 12 Calle Sucre, phone 555 0199: go and ask him.",
        email="dora@example.org",
    )
    CommentFactory(
        article=article,
        name="Eloy",
        body="The council minutes from March show three bids, and the cheapest lost. "
        "Someone should ask why the scoring changed a week before the deadline.",
    )
    return article


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_reader_reports_a_comment_and_it_appears_in_reported(
    browser, site, story, moderator, settings, shot, javascript
):
    settings.COMMENTS = {"REPORT_THRESHOLD": 1}
    reader = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 375, "height": 800}
    ).new_page()
    reader.goto(f"{site}{story.get_absolute_url()}")
    dora = reader.locator(".comment", has_text="Calle Sucre")
    dora.get_by_role("link", name="Report the comment by Dora").click()
    expect(reader.locator("h1")).to_have_text("Report a comment")
    expect(reader.locator(".report-quote")).to_contain_text("12 Calle Sucre")
    shot("report-form-375", reader)
    reader.get_by_label("It reveals someone’s personal information").check()
    reader.get_by_label("Anything the moderators should know").fill("Home address and phone")
    reader.get_by_role("button", name="Send report").click()
    expect(reader.locator("h1")).to_have_text("Thank you for your report")
    shot("report-sent-375", reader)
    reader.get_by_role("link", name="Back to").click()
    expect(reader.locator("#comments")).not_to_contain_text("Calle Sucre")
    expect(reader.locator("#comments")).to_contain_text("Who else bid")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, site, moderator)
    page.goto(f"{site}{QUEUE}")
    page.locator(".desk-queues a", has_text="Reported").click()
    expect(page.locator(".desk-queues a[aria-current]")).to_contain_text("Reported 1")
    row = page.locator("#result_list tbody tr", has_text="Calle Sucre")
    expect(row).to_contain_text(
        "Reported by 1 reader: Personal information (“Home address and phone”)"
    )
    shot("reported-queue-1280", page)
    row.get_by_role("button", name="Remove").click()
    expect(page.locator("#result_list tbody tr", has_text="Calle Sucre")).to_have_count(0)
    dora_comment = Comment.objects.get(name="Dora")
    assert dora_comment.status == "removed"
    assert CommentReport.objects.get().resolved_at is not None


def test_an_editors_pick_shows_first_and_marked(browser, site, story, moderator, shot):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, site, moderator)
    page.goto(f"{site}{QUEUE}?status=approved")
    row = page.locator("#result_list tbody tr", has_text="council minutes")
    row.get_by_role("button", name="Pick").click()
    # The comment stays in the Approved queue, now marked and with the way back.
    expect(row.locator(".desk-pick")).to_have_text("Editor’s pick")
    expect(row.get_by_role("button", name="Unpick")).to_be_visible()
    shot("desk-pick-1280", page)

    for width in (375, 1280):
        reader = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        reader.goto(f"{site}{story.get_absolute_url()}#comments")
        first = reader.locator("#comments .comment").first
        expect(first).to_contain_text("council minutes")
        expect(first.locator(".pick-badge")).to_have_text("Editor’s pick")
        expect(reader.locator(".pick-badge")).to_have_count(1)
        reader.locator("#comments").scroll_into_view_if_needed()
        shot(f"article-with-pick-{width}", reader)


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violations_on_the_new_screens(
    browser, site, story, moderator, axe_violations, settings, width
):
    settings.COMMENTS = {"REPORT_THRESHOLD": 1}
    eloy = Comment.objects.get(name="Eloy")
    Comment.objects.filter(pk=eloy.pk).update(is_featured=True)
    reported = CommentFactory(
        article=story, name="Fede", body="Buy cheap watches", status="reported"
    )
    CommentReport.objects.create(comment=reported, reason="spam", reporter_digest="x")
    found = {}
    reader = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    reader.goto(f"{site}{story.get_absolute_url()}")
    found["article with a pick"] = axe_violations(reader)
    reader.goto(f"{site}/comments/report/{eloy.pk}/")
    found["report form"] = axe_violations(reader)
    reader.get_by_role("button", name="Send report").click()  # no reason: the message
    expect(reader.locator(".form-errors")).to_contain_text("Please choose a reason.")
    found["report form with an error"] = axe_violations(reader)
    reader.goto(f"{site}/comments/report/{eloy.pk}/?sent=1")
    found["report sent"] = axe_violations(reader)
    reader.goto(f"{site}{own_link(eloy)}")
    found["own comment"] = axe_violations(reader)

    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    login(page, site, moderator)
    page.goto(f"{site}{QUEUE}?status=reported")
    found["reported queue"] = axe_violations(page)
    page.goto(f"{site}{QUEUE}?status=approved")
    found["approved queue with picks"] = axe_violations(page)
    page.goto(f"{site}/admin/comments/storymoderation/add/")
    found["story moderation"] = axe_violations(page)
    assert {name: violations for name, violations in found.items() if violations} == {}


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_commenter_edits_and_deletes_their_comment_through_the_link(
    browser, site, story, settings, shot, javascript
):
    settings.COMMENTS = {"POLICY": "approve_clean", "MIN_SECONDS": 0}
    page = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 375, "height": 900}, bypass_csp=True
    ).new_page()
    page.goto(f"{site}{story.get_absolute_url()}")
    page.locator("#id_body").fill("The tender closed on 3 Mach.")
    page.locator("#id_name").fill("Gabi")
    page.locator("#id_email").fill("gabi@example.org")
    page.get_by_role("button", name="Post Comment").click()
    mine = page.locator(".comment", has_text="3 Mach")
    expect(mine).to_be_visible()
    expect(page.get_by_role("link", name="Edit or delete your comment")).to_have_count(1)
    mine.get_by_role("link", name="Edit or delete your comment").click()
    expect(page.locator("h1")).to_have_text("Your comment")
    shot("own-comment-375", page)
    page.get_by_label("Your comment").fill("The tender closed on 3 March.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".comment", has_text="3 March")).to_be_visible()
    assert Comment.objects.get(name="Gabi").body == "The tender closed on 3 March."

    page.locator(".comment", has_text="3 March").get_by_role(
        "link", name="Edit or delete your comment"
    ).click()
    page.get_by_role("button", name="Delete my comment").click()
    expect(page.locator("h1")).to_have_text("Your comment is deleted")
    shot("own-comment-deleted-375", page)
    page.get_by_role("link", name="Back to").click()
    expect(page.locator("#comments")).not_to_contain_text("3 March")
    assert Comment.objects.get(name="Gabi").status == "removed"
