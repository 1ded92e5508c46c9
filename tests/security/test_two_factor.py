"""Staff accounts: two-factor log-in with TOTP codes (django-otp), the setting that makes
it mandatory for editors and superusers, axes' lockout counting wrong codes, and
password resets by email."""

import base64
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


def code(device, offset=0):
    """The code the user's app shows now (or ``offset`` steps later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


def log_in(client, user, token=""):
    return client.post(
        LOGIN,
        {"username": user.username, "password": PASSWORD, "otp_token": token, "next": "/admin/"},
    )


@pytest.fixture
def with_app(editor):
    """The editor, with two-factor log-in set up."""
    return TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)


def test_without_two_factor_the_password_is_enough(client, writer):
    assert log_in(client, writer).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_with_two_factor_the_right_code_logs_in(client, editor, with_app):
    response = log_in(client, editor, code(with_app))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("token", "message"),
    [("", "it is missing"), ("000000", "that code is not right or has expired")],
)
def test_with_two_factor_the_password_alone_or_a_wrong_code_is_refused(
    client, editor, with_app, token, message
):
    if token == code(with_app):
        token = "111111"
    response = log_in(client, editor, token)
    assert response.status_code == 200
    assert message in response.text
    assert client.get("/admin/").status_code == 302  # not logged in


def test_a_code_works_once(client, editor, with_app):
    token = code(with_app)
    assert log_in(client, editor, token).status_code == 302
    assert log_in(Client(), editor, token).status_code == 200


def test_a_session_without_the_code_does_not_open_the_admin(client, editor, with_app):
    """Logged in some other way (a password-only session from before two-factor log-in
    was set up): the admin asks to log in again."""
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_lock_out_like_wrong_passwords(client, editor, with_app, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, editor, "000000").status_code == 200
    assert log_in(client, editor, "000000").status_code == 429
    # Locked out: even the right code, from another address, does not let them in now.
    locked = log_in(Client(REMOTE_ADDR="203.0.113.9"), editor, code(with_app))
    assert locked.status_code == 429


def test_wrong_passwords_still_lock_out_with_two_factor_on(client, editor, with_app, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": editor.username, "password": "wrong", "otp_token": ""})
    assert log_in(client, editor, code(with_app)).status_code == 429


# The setting.


def test_when_required_an_editor_sets_it_up_before_the_admin_opens(client, editor, settings):
    settings.TWO_FACTOR_REQUIRED = True
    response = log_in(client, editor)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    setup = client.get(LOGIN)
    assert setup.status_code == 302 and setup["Location"] == reverse("admin:two_factor")
    page = client.get(reverse("admin:two_factor"))
    assert "must log in with a code as well as a password" in page.text
    assert "<svg" in page.text
    secret = re.search(r'class="two-factor-secret">([A-Z2-7]+)<', page.text).group(1)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key

    wrong = client.post(reverse("admin:two_factor"), {"action": "turn-on", "otp_token": "1"})
    assert "That code is not right" in wrong.text
    # django-otp makes each try after a wrong one wait (1 s, then 2 s, 4 s…).
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        done = client.post(
            reverse("admin:two_factor"), {"action": "turn-on", "otp_token": code(device)}
        )
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_when_required_superusers_must_too_but_writers_need_not(client, writer, settings):
    settings.TWO_FACTOR_REQUIRED = True
    admin = UserFactory(username="root", is_superuser=True)
    assert log_in(client, admin).status_code == 302
    assert client.get("/admin/").status_code == 302
    other = Client()
    assert log_in(other, writer).status_code == 302
    assert other.get("/admin/").status_code == 200


def test_required_two_factor_cannot_be_turned_off(client, editor, with_app, settings):
    settings.TWO_FACTOR_REQUIRED = True
    log_in(client, editor, code(with_app))
    page = client.get(reverse("admin:two_factor"))
    assert "must keep it on" in page.text
    client.post(reverse("admin:two_factor"), {"action": "turn-off", "otp_token": code(with_app)})
    assert TOTPDevice.objects.filter(user=editor).exists()


def test_anyone_on_the_staff_may_turn_it_on_and_off(client, writer):
    client.force_login(writer)
    page = client.get("/admin/")
    assert reverse("admin:two_factor") in page.text  # in the user links
    client.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=writer)
    client.post(reverse("admin:two_factor"), {"action": "turn-on", "otp_token": code(device)})
    device.refresh_from_db()
    assert device.confirmed
    off = client.post(
        reverse("admin:two_factor"), {"action": "turn-off", "otp_token": code(device, 1)}
    )
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=writer).exists()


# Password resets.


def test_the_log_in_page_offers_a_password_reset(client):
    page = client.get(LOGIN)
    assert 'href="/admin/password_reset/"' in page.text
    assert "Forgotten your password?" in page.text
    assert 'name="otp_token"' in page.text


def test_a_staff_member_resets_their_password_by_email(client, editor, mailoutbox):
    response = client.post(reverse("admin_password_reset"), {"email": editor.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/admin/reset/\S+/)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("a new long passphrase")


def test_the_reset_pages_show_no_empty_admin_menu(client, editor, mailoutbox):
    """Logged out, the admin's side menu would only say there is nothing to see."""
    pages = [client.get(reverse("admin_password_reset"))]
    pages.append(client.post(reverse("admin_password_reset"), {"email": editor.email}, follow=True))
    link = re.search(r"https?://[^/]+(/admin/reset/\S+/)", mailoutbox[0].body).group(1)
    pages.append(client.get(link, follow=True))
    for page in pages:
        assert page.status_code == 200
        assert 'id="nav-sidebar"' not in page.text
        assert "have permission to view or edit anything" not in page.text


def test_no_reset_email_for_an_account_outside_the_staff(client, mailoutbox):
    reader = get_user_model().objects.create_user(
        "reader", "reader@example.org", PASSWORD, is_staff=False
    )
    response = client.post(reverse("admin_password_reset"), {"email": reader.email})
    assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert mailoutbox == []


def test_the_set_up_page_keeps_its_key_until_confirmed(client, writer):
    client.force_login(writer)
    first = client.get(reverse("admin:two_factor")).text
    again = client.get(reverse("admin:two_factor")).text
    secret = re.compile(r'class="two-factor-secret">([A-Z2-7]+)<')
    assert secret.search(first).group(1) == secret.search(again).group(1)
    assert TOTPDevice.objects.filter(user=writer).count() == 1
