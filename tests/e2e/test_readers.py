"""What readers hit on phones and desktops: a rejected or too-quick comment, the 404
page, the favicon, the date line. Screenshots in test-artifacts/<test name>/."""

import time

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import ARTIFACTS, E2E
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, CommentFactory

pytestmark = E2E

WIDTHS = [375, 1280]
LONG_BODY = "".join(f"<p>Paragraph {n} of a long wire story from Lima.</p>" for n in range(40))

# Items of a .meta line that start a wrapped line with a visible "·" separator.
STRAY_SEPARATORS = """
() => [...document.querySelectorAll(".meta")].flatMap(meta => {
  const box = meta.getBoundingClientRect();
  const clips = getComputedStyle(meta).overflowX !== "visible";
  return [...meta.children].slice(1).filter(item => {
    const dot = getComputedStyle(item, "::before");
    if (!dot.content.includes("·")) return false;
    const r = item.getBoundingClientRect();
    if (r.left - box.left > 2) return false;  // not at the start of a line
    const dotLeft = r.left + parseFloat(dot.marginLeft || "0");
    return !(clips && dotLeft < box.left);
  }).map(item => item.textContent.trim().slice(0, 40));
})
"""


def viewport_shot(request, page, name):
    """A screenshot of what the reader sees (not the full page): is it in view?"""
    folder = ARTIFACTS / request.node.name.replace("[", "_").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


@pytest.fixture
def story():
    """A long published story with a conversation, so the form is far down the page."""
    article = ArticleFactory(
        headline="Perú: coca growers in Áncash win their case",
        body=LONG_BODY,
        categories=[CategoryFactory(name="Coca/Cocaine", slug="")],
        tags=["Perú", "Áncash"],
        is_featured=True,
    )
    for n in range(3):
        CommentFactory(article=article, body=f"Earlier comment {n}.")
    return article


@pytest.mark.parametrize("width", WIDTHS)
def test_a_rejected_comment_lands_on_the_form_with_its_text(
    browser, site, story, settings, width, request
):
    settings.COMMENTS = {"MIN_SECONDS": 1}
    page = browser.new_page(viewport={"width": width, "height": 800})
    url = f"{site}{story.get_absolute_url()}"
    page.goto(url)
    time.sleep(1.1)
    page.fill("#id_body", "¿Y la indemnización? What about compensation?")
    page.fill("#id_email", "ana@example.org")
    page.click("button:has-text('Post Comment')")

    assert page.url == f"{url}#comment-form"  # an address that answers on reload
    errors = page.locator(".form-errors")
    expect(errors).to_contain_text("Please enter your name.")
    expect(errors).to_be_in_viewport()
    expect(page.locator("#id_body")).to_have_value("¿Y la indemnización? What about compensation?")
    viewport_shot(request, page, "01-landed-on-the-form")

    response = page.reload()
    assert response.status == 200
    expect(page.locator(".form-errors")).to_contain_text("Please enter your name.")
    expect(page.locator("#id_body")).to_have_value("¿Y la indemnización? What about compensation?")
    assert not Comment.objects.filter(body__contains="indemnización").exists()

    page.fill("#id_name", "Ana Quispe")
    page.click("button:has-text('Post Comment')")
    expect(page.locator(".awaiting")).to_have_text("Your comment is awaiting moderation.")
    expect(page.locator("#comments-heading")).to_have_text("4 Comments")
    expect(page.locator(".form-errors")).to_have_count(0)
    viewport_shot(request, page, "02-taken")
    page.reload()
    assert Comment.objects.filter(body__contains="indemnización").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_a_quick_post_is_kept_and_confirmed_not_filed_as_spam(
    browser, site, story, settings, width, request
):
    """A returning reader whose name and email are remembered types “Agreed.” and posts
    within a second."""
    settings.COMMENTS = {"MIN_SECONDS": 3, "FLOOD_SECONDS": 0}
    page = browser.new_page(viewport={"width": width, "height": 800})
    url = f"{site}{story.get_absolute_url()}"
    page.goto(url)
    time.sleep(3.1)
    page.fill("#id_body", "First thoughts, written slowly.")
    page.fill("#id_name", "Ana Quispe")
    page.fill("#id_email", "ana@example.org")
    page.check("#id_remember")
    page.click("button:has-text('Post Comment')")
    expect(page.locator(".awaiting")).to_have_count(1)

    page.goto(url)
    expect(page.locator("#id_name")).to_have_value("Ana Quispe")  # remembered
    page.fill("#id_body", "Agreed.")
    page.click("button:has-text('Post Comment')")

    assert page.url == f"{url}#comment-form"
    notice = page.locator(".form-errors")
    expect(notice).to_contain_text("sent very quickly")
    expect(notice).to_be_in_viewport()
    expect(page.locator("#id_body")).to_have_value("Agreed.")
    viewport_shot(request, page, "01-asked-to-confirm")
    assert not Comment.objects.filter(body="Agreed.").exists()

    page.click("button:has-text('Post Comment')")  # at once: the reader has read it
    agreed = page.locator(".comment", has_text="Agreed.")
    expect(agreed.locator(".awaiting")).to_have_text("Your comment is awaiting moderation.")
    viewport_shot(request, page, "02-confirmed")
    assert Comment.objects.get(body="Agreed.").status == Comment.Status.PENDING
    assert not Comment.objects.filter(status=Comment.Status.SPAM).exists()


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_have_a_favicon_and_clean_date_lines(
    browser, site, story, width, request
):
    wire = ArticleFactory(
        headline="Regional elections set for October",
        byline="Andina staff with reporting from Huaraz and Chimbote",
        categories=[CategoryFactory(name="Politics", slug="politics")],
    )
    wire.authors.set(
        [AuthorFactory(name="Rosa Huamán Quispe"), AuthorFactory(name="Marco Apaza Mamani")]
    )
    page = browser.new_page(viewport={"width": width, "height": 800})
    missing = []
    page.on(
        "response",
        lambda response: missing.append(response.url) if response.status == 404 else None,
    )
    pages = {
        "home": "/",
        "article": wire.get_absolute_url(),
        "story": story.get_absolute_url(),
        "tag": "/tag/peru/",
        "section": "/category/politics/",
        "not-found": "/no/such/page/",
        "article-not-found": "/2020/01/01/una-noticia-que-no-existe-en-ningun-lugar-del-sitio/",
        "search-long-word": "/search/?q=" + "desnacionalización" * 4,
    }
    for name, path in pages.items():
        page.goto(f"{site}{path}")
        page.wait_for_load_state("networkidle")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width}px ({scroll}px wide)"
        assert page.evaluate(STRAY_SEPARATORS) == [], f"a line starts with “·” on {name}"
        viewport_shot(request, page, name)
    not_found_pages = {f"{site}{pages['not-found']}", f"{site}{pages['article-not-found']}"}
    assert [url for url in missing if url not in not_found_pages] == []  # no favicon 404
    assert page.request.get(f"{site}/favicon.ico").ok
