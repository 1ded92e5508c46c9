"""Emails to commenters who tick the box: their comment is published, someone replied.
One recipient each, after the commit, with a signed one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains

from comments import moderation
from comments.models import Comment
from comments.notify import unsubscribe_path
from comments.own import own_link
from tests.comments.helpers import comment_data, post_url
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _held(settings):
    settings.COMMENTS = {"POLICY": "hold_all", "NOTIFY_MODERATORS": False}


def post(client, article, **overrides):
    response = client.post(post_url(article), comment_data(article, **overrides))
    assert response.status_code == 302
    return Comment.objects.latest("pk")


def test_the_author_who_asked_is_told_when_their_comment_is_published(
    client, a_published_article, moderator
):
    asked = post(client, a_published_article, notify_author="on", email="ana@example.org")
    silent = post(client, a_published_article, email="bea@example.org", body="Quiet.")
    assert mail.outbox == []  # held: nothing yet
    moderation.decide_all(Comment.objects.all(), Comment.Status.APPROVED, by=moderator)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    message = mail.outbox[0]
    assert "is published" in message.subject
    assert asked.get_absolute_url() in message.body
    assert own_link(asked) in message.body
    assert unsubscribe_path(asked) in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert silent.email not in message.body


def test_a_reply_is_told_to_the_parents_author_only(client, a_published_article, moderator):
    parent = CommentFactory(
        article=a_published_article, email="ana@example.org", notify_author=True
    )
    reply = post(
        client,
        a_published_article,
        parent=str(parent.pk),
        name="Carl",
        email="carl@example.org",
        body="I disagree, and here is why.",
    )
    moderation.approve(reply, by=moderator)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "Carl replied to your comment" in mail.outbox[0].subject
    assert "I disagree, and here is why." in mail.outbox[0].body
    assert "carl@example.org" not in mail.outbox[0].body  # another commenter's address: never
    mail.outbox.clear()
    moderation.staff_reply(parent, by=moderator, body="Thanks, we have corrected it.")
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_answering_yourself_or_a_silent_parent_sends_nothing(
    client, a_published_article, moderator
):
    parent = CommentFactory(
        article=a_published_article, email="ana@example.org", notify_author=True
    )
    quiet = CommentFactory(article=a_published_article, email="dan@example.org")
    own = post(client, a_published_article, parent=str(parent.pk), email="ANA@example.org")
    other = post(client, a_published_article, parent=str(quiet.pk), email="eva@example.org")
    moderation.decide_all(
        Comment.objects.filter(pk__in=[own.pk, other.pk]), Comment.Status.APPROVED, by=moderator
    )
    assert mail.outbox == []


def test_unsubscribe_in_one_click_without_an_account(client, a_published_article, moderator):
    comment = CommentFactory(
        article=a_published_article, status="pending", email="ana@example.org", notify_author=True
    )
    link = unsubscribe_path(comment)
    assertContains(client.get(link), "Stop the emails")
    # What a mail client sends for List-Unsubscribe-Post: no cookie, no CSRF token.
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assertContains(response, "We will not email you about this comment again.")
    moderation.approve(comment, by=moderator)
    assert mail.outbox == []
    forged = reverse("comments:unsubscribe", args=["forged:token"])
    assert client.post(forged).status_code == 404


def test_a_mail_failure_loses_nothing(client, a_published_article, moderator, monkeypatch):
    from django.core.mail import EmailMessage

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    comment = post(client, a_published_article, notify_author="on")
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_a_refused_comment_keeps_the_tick(client, a_published_article):
    response = client.post(
        post_url(a_published_article),
        comment_data(a_published_article, name="", notify_author="on"),
        follow=True,
    )
    assertContains(response, "Please enter your name.")
    assert re.search(r'<input[^>]*name="notify_author"[^>]*checked', response.content.decode())
