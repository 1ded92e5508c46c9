"""Staff log-in in a real browser: two-factor codes, setting them up, password resets."""

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import E2E, PASSWORD, guide_shot

pytestmark = E2E


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"


def test_a_staff_member_with_two_factor_logs_in_with_a_code(page, site, editor, shot):
    device = TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator(".errornote")).to_contain_text("Enter the 6-digit code")
    shot("password-alone-is-not-enough")

    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", code(device))
    guide_shot(page, "log-in-with-a-code", page.locator("#content-main"))
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    expect(page.locator("#user-tools")).to_contain_text(editor.username)
    shot("logged-in")


def test_an_editor_required_to_use_two_factor_sets_it_up(
    browser, site, editor, settings, shot, axe_violations
):
    settings.TWO_FACTOR_REQUIRED = True
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page.goto(f"{site}/admin/login/")
    assert axe_violations(page) == []
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/two-factor/")
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    assert axe_violations(page) == []
    guide_shot(page, "two-factor-set-up")
    shot("set-up")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = page.locator(".two-factor-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{32,}", secret)
    page.fill("#id_otp_token", code(device))
    page.click("input[type=submit][value*='Turn on']")
    page.wait_for_url(f"{site}/admin/")
    expect(page.locator(".messagelist")).to_contain_text("Two-factor log-in is on")
    page.close()


def test_forgotten_password_link_sends_a_reset_email(page, site, editor, mailoutbox, shot):
    page.goto(f"{site}/admin/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.fill("#id_email", editor.email)
    page.click("input[type=submit]")
    expect(page.locator("#content")).to_contain_text("emailed you instructions")
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/admin/reset/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.fill("#id_new_password1", "a brand new passphrase")
    page.fill("#id_new_password2", "a brand new passphrase")
    page.click("input[type=submit]")
    expect(page.locator("#content")).to_contain_text("Your password has been set")
    shot("password-reset-done")
    editor.refresh_from_db()
    assert editor.check_password("a brand new passphrase")
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "a brand new passphrase")
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
