"""Suspending and banning commenters: refused at posting time, with their text given back."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from comments.models import Comment, CommenterBan
from tests.comments.helpers import comment_data, post_url
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def post(article, client=None, **overrides):
    return (client or Client()).post(
        post_url(article), comment_data(article, **overrides), follow=True
    )


def test_a_suspended_email_is_refused_with_the_date_and_the_text_back(a_published_article):
    until = timezone.now() + timedelta(days=3)
    CommenterBan.objects.create(email="Troll@Example.org", reason="Abuse", expires_at=until)
    page = post(a_published_article, email="troll@example.ORG", body="You are all idiots.")
    assertContains(page, "Your comments are suspended until", status_code=200)
    assertContains(page, "You are all idiots.")  # nothing typed is lost
    assertNotContains(page, "Abuse")  # the moderators' note stays theirs
    assert not Comment.objects.exists()


def test_a_banned_ip_is_refused_for_good(a_published_article):
    CommenterBan.objects.create(ip_address="198.51.100.23", reason="Spam run")
    page = post(a_published_article, client=Client(REMOTE_ADDR="198.51.100.23"))
    assertContains(page, "You can no longer comment on this site.")
    assert not Comment.objects.exists()
    assert post(a_published_article, client=Client(REMOTE_ADDR="198.51.100.24")).redirect_chain
    assert Comment.objects.count() == 1


def test_an_expired_suspension_no_longer_applies(a_published_article):
    CommenterBan.objects.create(
        email="ana@example.org", reason="Cooling off", expires_at=timezone.now() - timedelta(1)
    )
    post(a_published_article, email="ana@example.org")
    assert Comment.objects.count() == 1


def test_a_ban_stops_the_next_comment_on_every_server_once_committed(
    a_published_article, django_capture_on_commit_callbacks
):
    """The bans in force are read from the shared cache; a change rewrites it after its
    commit, so a server that read the bans a moment earlier does not let the next
    comment through, and a lifted ban lets it through again."""
    reader = Client(REMOTE_ADDR="198.51.100.23")
    assert post(a_published_article, reader, email="a@example.org", body="Before the ban.")
    with django_capture_on_commit_callbacks(execute=True):
        ban = CommenterBan.objects.create(ip_address="198.51.100.23", reason="Abuse")
    page = post(a_published_article, reader, email="b@example.org", body="After the ban.")
    assertContains(page, "You can no longer comment on this site.")
    with django_capture_on_commit_callbacks(execute=True):
        ban.delete()
    cache.delete("comments:flood:ip:198.51.100.23")  # the first comment's, not a ban
    post(a_published_article, reader, email="c@example.org", body="Unbanned.")
    assert set(Comment.objects.values_list("body", flat=True)) == {"Before the ban.", "Unbanned."}


def test_a_suspension_ends_when_its_time_comes_without_a_change(a_published_article):
    CommenterBan.objects.create(
        email="ana@example.org",
        reason="Cooling off",
        expires_at=timezone.now() + timedelta(minutes=10),
    )
    assertContains(post(a_published_article), "Your comments are suspended until")
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        post(a_published_article)  # the cached bans still list it; its end has passed
    assert Comment.objects.count() == 1


def test_with_more_bans_than_are_cached_each_post_asks_the_database(
    a_published_article, monkeypatch
):
    monkeypatch.setattr("comments.rules.BANS_CACHED_AT_MOST", 1)
    CommenterBan.objects.create(email="one@example.org", reason="Spam")
    CommenterBan.objects.create(email="ana@example.org", reason="Spam")
    assertContains(post(a_published_article), "You can no longer comment on this site.")
    assert not Comment.objects.exists()


def test_the_desk_shows_bans_and_offers_one_from_each_row(client, moderator):
    banned = CommentFactory(status="pending", email="troll@example.org", body="Banned one")
    CommenterBan.objects.create(email="troll@example.org", reason="Abuse")
    suspended = CommentFactory(status="pending", ip_address="198.51.100.7", body="Suspended one")
    CommenterBan.objects.create(
        ip_address="198.51.100.7",
        reason="Heated",
        expires_at=timezone.now() + timedelta(days=2),
    )
    free = CommentFactory(status="pending", email="ok@example.org", ip_address="192.0.2.1")
    client.force_login(moderator)
    page = client.get(reverse("admin:comments_comment_changelist"))
    rows = {c.pk: c for c in page.context["cl"].result_list}
    assert rows[banned.pk].ban.reason == "Abuse"
    assert rows[suspended.pk].ban.reason == "Heated"
    assert rows[free.pk].ban is None
    assertContains(page, ">Banned</a>")
    assertContains(page, "Suspended until")
    add = reverse("admin:comments_commenterban_add")
    assertContains(page, f"{add}?email=ok%40example.org&amp;ip_address=192.0.2.1")
    form = client.get(add, {"email": "ok@example.org", "ip_address": "192.0.2.1"})
    assertContains(form, 'value="ok@example.org"')
    response = client.post(
        add,
        {"email": "ok@example.org", "ip_address": "", "reason": "Threats", "expires_at_0": ""},
    )
    assert response.status_code == 302
    ban = CommenterBan.objects.get(email="ok@example.org")
    assert ban.created_by == moderator and ban.expires_at is None


def test_a_ban_must_name_someone(client, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_commenterban_add"), {"email": "", "ip_address": "", "reason": "?"}
    )
    assertContains(response, "Give an email address, an IP address or both.")
    assert not CommenterBan.objects.exists()


def test_writers_cannot_ban(client, writer):
    client.force_login(writer)
    client.post(
        reverse("admin:comments_commenterban_add"),
        {"email": "a@example.org", "reason": "Because"},
    )
    assert not CommenterBan.objects.exists()
