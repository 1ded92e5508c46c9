"""The API documentation in a real browser: it renders from our own files, offline."""

import pytest

from tests.e2e.conftest import E2E
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = E2E


@pytest.mark.parametrize("width", [375, 1280])
def test_the_docs_render_and_try_an_endpoint_without_the_internet(page, site, shot, width):
    ArticleFactory(
        headline="Council approves budget", categories=[CategoryFactory(slug="politics")]
    )
    outside = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/api/docs/")
    page.get_by_text("Newsroom API").first.wait_for()
    operation = page.locator(".opblock-summary", has_text="/api/v1/articles").first
    operation.wait_for()
    shot(f"docs-{width}")
    operation.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(
        ".response-col_description .microlight", has_text="Council approves budget"
    ).first.wait_for()
    shot(f"tried-{width}")
    assert outside == []  # nothing fetched from a CDN
    assert errors == []
