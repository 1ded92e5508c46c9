"""The moderation desk in Chromium: one click per decision without JavaScript, the
keyboard with it, and a queue that fits a laptop and a phone."""

import time

import pytest
from playwright.sync_api import expect

from comments.models import Comment, CommenterBan, ModerationLog
from tests.e2e.conftest import E2E, guide_shot, login
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = E2E

QUEUE = "/admin/comments/comment/"


def a_queue(n):
    """``n`` pending comments with everything a row can show: a section, a parent, a
    reason, a long unbroken word, and a commenter with a history."""
    article = ArticleFactory(
        headline="Council approves the river dredging budget after a long night",
        categories=[CategoryFactory(name="Local politics")],
    )
    parent = CommentFactory(article=article, name="Bea", body="Who pays for the dredging?")
    CommentFactory(email="carl@example.org", status="spam")
    return [
        CommentFactory(
            article=article,
            parent=parent if i % 2 else None,
            name=f"Carl {i}",
            email="carl@example.org",
            body=f"Comment {i}: "
            + "the council never said " * 12
            + "https://example.org/"
            + "x" * 60,
            status="pending",
            held_reason="Site policy: every comment is held for review.",
        )
        for i in range(n)
    ]


def fits(page):
    """Nothing wider than the window: no sideways scrolling, no cut-off table."""
    return page.evaluate(
        """() => {
          const doc = document.documentElement;
          const results = document.querySelector('.results');
          return doc.scrollWidth <= window.innerWidth
            && (!results || results.scrollWidth <= results.clientWidth + 1);
        }"""
    )


def test_one_click_decisions_and_undo_without_javascript(browser, site, moderator, shot):
    comments = a_queue(3)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    login(page, site, moderator)
    page.goto(f"{site}{QUEUE}?status=pending")
    assert page.title().startswith("Moderation desk: Pending")
    expect(page.locator(".desk-queues a[aria-current]")).to_contain_text("Pending 3")
    first = page.locator("#result_list tbody tr", has_text="Comment 0:")
    expect(first).to_contain_text("Local politics")
    expect(first).to_contain_text("3 pending here")
    expect(page.locator("#result_list tbody tr", has_text="Comment 1:")).to_contain_text(
        "In reply to Bea"
    )
    assert fits(page)
    shot("queue-1280-no-js", page)
    guide_shot(page, "moderation-queue")

    first.locator("button[value=approve]").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved: Carl 0")
    assert page.url.endswith(f"{QUEUE}?status=pending")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    page.locator("#result_list tbody tr", has_text="Comment 1:").locator(
        "button[value=spam]"
    ).click()
    expect(page.locator(".messagelist")).to_contain_text("Marked as spam: Carl 1")
    expect(page.locator(".desk-queues")).to_contain_text("Spam 2")
    shot("after-two-decisions", page)
    guide_shot(page, "moderation-undo", page.locator(".desk-undo"))

    page.locator(".desk-undo button").click()
    expect(page.locator(".messagelist")).to_contain_text("Undone")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    assert [c.status for c in Comment.objects.filter(pk__in=[c.pk for c in comments])] == [
        "approved",
        "pending",
        "pending",
    ]
    assert ModerationLog.objects.count() == 3

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    shot("queue-375-no-js", page)
    assert fits(page)


def test_moderator_clears_ten_comments_with_the_keyboard(browser, site, moderator, shot):
    comments = a_queue(10)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, site, moderator)
    page.goto(f"{site}{QUEUE}")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.first).to_have_class("desk-current")
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class("desk-current")
    page.keyboard.press("k")
    expect(rows.first).to_have_class("desk-current")
    expect(page.locator("#nav-sidebar")).to_be_visible()
    shot("keyboard-start", page)
    assert fits(page)  # with the navigation sidebar open too
    shot("keyboard-start", page)

    def count(queue):
        return int(page.locator(f'.desk-queues a[href="?status={queue}"] .desk-count').inner_text())

    before = {queue: count(queue) for queue in ("pending", "approved", "spam")}
    page.keyboard.press("s")  # the first is spam
    expect(rows).to_have_count(9)
    expect(page.locator(".desk-status")).to_contain_text("Marked as spam: Carl 0")
    for remaining in range(8, -1, -1):
        page.keyboard.press("a")
        expect(rows).to_have_count(remaining)
    shot("keyboard-cleared", page)
    # The queues' counts follow the decisions without a reload.
    assert {queue: count(queue) for queue in before} == {
        "pending": before["pending"] - 10,
        "approved": before["approved"] + 9,
        "spam": before["spam"] + 1,
    }
    statuses = dict(
        Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("pk", "status")
    )
    assert statuses[comments[0].pk] == "spam"
    assert {statuses[c.pk] for c in comments[1:]} == {"approved"}
    assert page.url.endswith(QUEUE)  # no reload: the same page all along

    page.keyboard.press("z")  # takes back the last approval
    expect(page.locator(".messagelist")).to_contain_text("Undone")
    expect(rows).to_have_count(1)
    assert Comment.objects.get(pk=comments[-1].pk).status == "pending"
    assert violations == []


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_moderator_bans_a_commenter_whose_next_comment_goes_to_spam(
    browser, site, moderator, settings, shot, javascript
):
    settings.COMMENTS = {"MIN_SECONDS": 1}
    (held,) = a_queue(1)
    desk = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
    ).new_page()
    login(desk, site, moderator)
    desk.goto(f"{site}{QUEUE}?status=pending")
    row = desk.locator("#result_list tbody tr", has_text="Comment 0:")
    row.get_by_role("link", name="Ban…").click()
    expect(desk.locator("#id_email")).to_have_value("carl@example.org")
    desk.fill("#id_reason", "Abuse towards other readers")
    shot("ban-form", desk)
    desk.get_by_role("button", name="Save", exact=True).click()
    expect(desk.locator(".messagelist")).to_contain_text("Banned: carl@example.org")
    assert desk.url.endswith(f"{QUEUE}?status=pending")  # back where the ban was made
    expect(row).to_contain_text("Banned")
    expect(row.get_by_role("button", name="Lift ban")).to_be_visible()
    shot("banned-row", desk)

    reader = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 375, "height": 800}
    ).new_page()
    reader.goto(f"{site}{held.article.get_absolute_url()}")
    time.sleep(1.1)
    reader.fill("#id_body", "You are all paid by the council.")
    reader.fill("#id_name", "Carl")
    reader.fill("#id_email", "carl@example.org")
    reader.click("button:has-text('Post Comment')")
    expect(reader.locator(".form-errors")).to_contain_text("You can no longer comment")
    expect(reader.locator("#id_body")).to_have_value("You are all paid by the council.")
    shot("reader-told", reader)

    desk.goto(f"{site}{QUEUE}?status=spam")
    caught = desk.locator("#result_list tbody tr", has_text="paid by the council")
    expect(caught).to_contain_text("The commenter is banned or suspended.")
    shot("spam-queue", desk)
    caught.get_by_role("button", name="Lift ban").click()
    expect(desk.locator(".messagelist")).to_contain_text("Ban lifted")
    expect(caught.get_by_role("link", name="Ban…")).to_be_visible()
    ban = CommenterBan.objects.get()
    assert not ban.is_active()
    assert list(ModerationLog.objects.filter(ban=ban).values_list("action", "by")) == [
        ("unban", moderator.pk),
        ("ban", moderator.pk),
    ]


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violations_on_the_desk(browser, site, moderator, axe_violations, width):
    comments = a_queue(2)
    CommenterBan.objects.create(email="carl@example.org", reason="Test")
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    login(page, site, moderator)
    found = {}
    page.goto(f"{site}{QUEUE}")
    found["queue"] = axe_violations(page)
    page.goto(f"{site}/admin/comments/comment/{comments[0].pk}/edit/")
    found["edit"] = axe_violations(page)
    page.goto(f"{site}/admin/comments/moderationrules/")
    found["rules"] = axe_violations(page)
    page.goto(f"{site}/admin/comments/commenterban/add/?email=carl%40example.org")
    found["ban"] = axe_violations(page)
    page.goto(f"{site}/admin/comments/commenterban/{CommenterBan.objects.get().pk}/change/")
    found["a ban, with its lift button"] = axe_violations(page)
    page.goto(f"{site}/admin/comments/moderationlog/")
    found["log"] = axe_violations(page)
    assert {name: violations for name, violations in found.items() if violations} == {}
