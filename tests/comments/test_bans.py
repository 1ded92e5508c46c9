"""Suspending and banning commenters: refused at posting time, with their text given back."""

from datetime import timedelta

import pytest
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
