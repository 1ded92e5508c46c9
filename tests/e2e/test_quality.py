"""Accessibility and page quality: axe-core, layouts at phone and desktop widths, no JavaScript."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import BreakingNews, TopStory
from pages.models import Page
from tests.e2e.conftest import E2E
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, CommentFactory

# Boxes of text-bearing elements that overlap, ignoring nesting: a layout bug a reader sees.
OVERLAPS = """
() => {
  const selector = "h1, h2, h3, p, li, a, time, label, button, input, textarea, figcaption, span";
  const boxes = [...document.querySelectorAll(selector)]
    .filter(el => el.offsetParent !== null && !el.closest(".hp, .visually-hidden, .skip-link"))
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.height > 0);
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i], [b, rb] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const dx = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const dy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (dx > 2 && dy > 2) found.push(a.outerHTML.slice(0, 80) + " / " + b.outerHTML.slice(0, 80));
    }
  }
  return found;
}
"""

pytestmark = E2E


@pytest.fixture
def newsroom():
    """A small published newsroom with a commented article; returns that article."""
    section = CategoryFactory(name="Law & Justice", slug="law-justice")
    sub = CategoryFactory(name="Coca/Cocaine", parent=section)
    author = AuthorFactory(name="Rosa Huamán", slug="rosa")
    for n in range(6):
        ArticleFactory(headline=f"Council story number {n}", categories=[section], tags=["Council"])
    article = ArticleFactory(
        headline="Court orders release of seized coca leaf after permits found valid",
        standfirst="Growers’ association wins its case against the anti-drug police.",
        categories=[sub],
        authors=[author],
        tags=["Coca leaf", "Courts"],
        is_featured=True,
    )
    first = CommentFactory(
        article=article,
        name="Marco Apaza",
        website="https://marco.example/",
        body="Good news for the growers.\nWhat about compensation?",
    )
    CommentFactory(article=article, parent=first, body="They will ask for it, the article says.")
    # Issue 16's page types: a sponsored top story, an opinion piece, a banner, pages.
    sponsored = ArticleFactory(
        headline="Coffee co-operative ships to Europe",
        kind="sponsored",
        sponsor="Cooperativa Agraria del Valle",
        categories=[section],
    )
    ArticleFactory(headline="Why the valley needs a new bridge", kind="opinion", authors=[author])
    TopStory.objects.create(article=article, position=1)
    TopStory.objects.create(article=sponsored, position=2)
    BreakingNews.objects.create(
        text="Polls have closed", article=article, expires_at=timezone.now() + timedelta(hours=1)
    )
    author.role, author.bio, author.email = "Courts reporter", "Covers the courts.", "r@example.org"
    author.social_links = "https://bsky.app/profile/rosa.example.org"
    author.save()
    Page.objects.create(title="About us", slug="about", in_header=True, body="<p>Who we are.</p>")
    Page.objects.create(title="Privacy notice", slug="privacy", is_privacy_notice=True)
    return article


def public_pages(article):
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "archive": "/category/law-justice/",
        "search": "/search/?q=council",
        "empty-search": "/search/",
        "not-found": "/no/such/page/",
        "author": "/author/rosa/",
        "page": "/about/",
        "day": article.published_at.strftime("/%Y/%m/%d/").replace("/0", "/"),
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser, site, newsroom, axe_violations, scheme, shot):
    page = browser.new_page(color_scheme=scheme, bypass_csp=True)  # axe is injected inline
    found = {}
    for name, path in public_pages(newsroom).items():
        page.goto(f"{site}{path}")
        found[name] = axe_violations(page)
    page.goto(f"{site}{newsroom.get_absolute_url()}")
    page.click("button:has-text('Post Comment')")
    expect(page.locator(".field-error").first).to_be_visible()
    found["comment-form-errors"] = axe_violations(page)
    shot(f"errors-{scheme}", page)
    assert {name: violations for name, violations in found.items() if violations} == {}


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_no_horizontal_scroll_or_overlapping_text(browser, site, newsroom, width, shot):
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name, path in public_pages(newsroom).items():
        page.goto(f"{site}{path}")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width}px ({scroll}px wide)"
        assert page.evaluate(OVERLAPS) == [], f"overlapping text on {name} at {width}px"
        if name in {"home", "article"}:
            shot(f"{name}-{width}", page)


def test_everything_works_without_javascript(browser, site, newsroom, settings):
    settings.COMMENTS = {"MIN_SECONDS": 1}
    page = browser.new_context(java_script_enabled=False).new_page()
    for path in public_pages(newsroom).values():
        response = page.goto(f"{site}{path}")
        assert response.status in {200, 404}
        expect(page.locator("main h1, main .card-title").first).to_be_visible()
    page.goto(f"{site}/")
    page.fill("#site-search-q", "coca")
    page.press("#site-search-q", "Enter")
    expect(page.locator(".result").first).to_contain_text("Court orders release")
    page.goto(f"{site}{newsroom.get_absolute_url()}")
    page.click(".comment-reply a >> nth=0")
    expect(page.locator(".respond-heading")).to_contain_text("Reply to Marco Apaza")
    time.sleep(1.1)
    page.fill("#id_name", "Ana")
    page.fill("#id_email", "ana@example.org")
    page.fill("#id_body", "Posted without JavaScript.")
    page.click("button:has-text('Post Comment')")
    expect(page.locator(".awaiting")).to_have_text("Your comment is awaiting moderation.")


def test_content_security_policy_holds_without_breaking_anything(
    browser, site, newsroom, editor, moderator, shot
):
    """The policy is enforced, and neither the site, the admin nor the editor trips it."""
    page = browser.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(f"{site}{newsroom.get_absolute_url()}")
    policy = response.headers["content-security-policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    page.goto(f"{site}/")
    page.goto(f"{site}/search/?q=court")

    from tests.e2e.conftest import login

    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/add/")
    editor_box = page.locator(".ProseMirror[contenteditable=true]")
    editor_box.click()
    page.keyboard.type("## Typed under the policy")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("bold")
    expect(editor_box.locator("h2")).to_have_text("Typed under the policy")
    expect(editor_box.locator("strong")).to_have_text("bold")
    pick_source = page.locator("#id_source + .select2 .select2-selection")
    pick_source.click()  # the autocomplete widget's script runs
    expect(page.locator("[aria-controls=select2-id_source-results]")).to_be_visible()
    shot("editor-under-csp", page)
    page.goto(f"{site}/admin/articles/article/")
    page.goto(f"{site}/admin/comments/comment/")
    assert violations == []
