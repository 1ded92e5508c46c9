"""The admin login resists brute force and does not reveal which user names exist."""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def attempt(client, username, password="wrong password"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_lockout_after_repeated_failures_even_with_the_right_password(client, settings):
    UserFactory(username="editor")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "editor").status_code == 200  # the form again, with the error
    locked = attempt(client, "editor")
    assert locked.status_code == 429
    assert b"Too many failed log-in attempts" in locked.content
    right = attempt(client, "editor", "correct horse battery staple")
    assert right.status_code == 429


def test_a_user_name_is_locked_from_any_address(settings):
    UserFactory(username="editor")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), "editor")
    fresh_address = Client(REMOTE_ADDR="203.0.113.99")
    assert attempt(fresh_address, "editor", "correct horse battery staple").status_code == 429


def test_an_address_is_locked_whatever_user_names_it_tries(settings):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{n}")
    UserFactory(username="writer")
    assert attempt(client, "writer", "correct horse battery staple").status_code == 429


def test_existing_and_unknown_user_names_look_the_same(settings):
    UserFactory(username="editor")
    responses = {}
    for username in ("editor", "nobody-by-this-name"):
        client = Client(REMOTE_ADDR="192.0.2.1" if username == "editor" else "192.0.2.2")
        first = attempt(client, username)
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            last = attempt(client, username)
        responses[username] = (
            first.status_code,
            b"Please enter the correct" in first.content,
            last.status_code,
        )
    assert responses["editor"] == responses["nobody-by-this-name"] == (200, True, 429)


def test_a_successful_login_is_not_affected_by_others_failures(settings):
    UserFactory(username="editor")
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        attempt(Client(REMOTE_ADDR="198.51.100.1"), "editor")
    good = attempt(Client(REMOTE_ADDR="203.0.113.5"), "editor", "correct horse battery staple")
    assert good.status_code == 302


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(settings):
    # nginx on the same machine: every request arrives from 127.0.0.1, and the reader's
    # address is the one nginx appends to X-Forwarded-For.
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="editor")

    def through_proxy(address):
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)

    attacker = through_proxy("198.51.100.66")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(attacker, f"guess{n}")
    assert attempt(attacker, "guess0").status_code == 429
    colleague = through_proxy("203.0.113.5")
    assert attempt(colleague, "editor", "correct horse battery staple").status_code == 302
