"""The API documentation in a real browser: it renders from our own files, offline."""

import pytest

from tests.e2e.conftest import E2E, login
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

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


@pytest.mark.parametrize("width", [375, 1280])
def test_a_partner_key_is_created_shown_once_and_revoked_in_the_admin(page, site, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, site, UserFactory(username="chief", is_superuser=True))
    page.goto(f"{site}/admin/api/apikey/add/")
    page.fill("#id_name", "Andina syndication")
    page.fill("#id_contact", "tech@andina.example")
    page.get_by_role("button", name="Save", exact=True).click()
    notice = page.locator(".messagelist .warning")
    secret = next(word for word in notice.inner_text().split() if word.startswith("nrk_"))
    shot(f"created-{width}")
    answer = page.request.get(f"{site}/api/v1/sections", headers={"X-Api-Key": secret})
    assert answer.status == 200
    page.goto(f"{site}/admin/api/apikey/")
    assert "nrk_" not in page.content()  # shown once, never again
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "revoke")
    page.get_by_role("button", name="Run").click()
    shot(f"revoked-{width}")
    answer = page.request.get(f"{site}/api/v1/sections", headers={"X-Api-Key": secret})
    assert answer.status == 401
