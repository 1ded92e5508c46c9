"""The staff guide in a browser: reached from the admin's home page, pictures shown."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E, login

pytestmark = E2E


@pytest.mark.parametrize("width", [375, 1280])
def test_a_writer_opens_the_guide_from_the_admin_home(
    browser, site, writer, shot, axe_violations, width
):
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    login(page, site, writer)
    page.locator("#staff-guides").get_by_role("link", name="Guide for writers").click()
    expect(page.locator("h1")).to_have_text("Guide for writers")
    pictures = page.locator(".staff-guide img")
    expect(pictures).not_to_have_count(0)
    for picture in pictures.all():
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), picture
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    shot(f"writer-guide-{width}", page)
    page.get_by_role("link", name="Editors", exact=True).click()
    expect(page.locator("h1")).to_have_text("Guide for editors")
    page.close()
