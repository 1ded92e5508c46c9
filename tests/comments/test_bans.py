"""Suspending and banning commenters: their comments go to spam, they are told so with their
text given back, and every ban and lift is in the moderation log."""

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from comments import bans, moderation
from comments.models import Comment, CommenterBan, CommentReport, ModerationLog
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
    kept = Comment.objects.get()  # in spam, where the moderators see what was tried
    assert kept.status == Comment.Status.SPAM
    assert kept.body == "You are all idiots."
    assert kept.held_reason == "The commenter is banned or suspended."


def test_a_banned_ip_is_refused_for_good(a_published_article):
    CommenterBan.objects.create(ip_address="198.51.100.23", reason="Spam run")
    page = post(a_published_article, client=Client(REMOTE_ADDR="198.51.100.23"))
    assertContains(page, "You can no longer comment on this site.")
    other = Client(REMOTE_ADDR="198.51.100.24")
    assert post(a_published_article, other, email="eva@example.org", body="Hi").redirect_chain
    assert sorted(Comment.objects.values_list("status", flat=True)) == ["pending", "spam"]


def test_a_banned_commenter_is_never_published_and_fills_spam_once_per_text(
    a_published_article,
):
    CommenterBan.objects.create(email="troll@example.org", reason="Abuse")
    for _ in range(2):
        page = post(a_published_article, email="troll@example.org", body="Again and again.")
        assertContains(page, "You can no longer comment on this site.")
        cache.delete("comments:flood:email:troll@example.org")
        cache.delete("comments:flood:ip:127.0.0.1")
    assert list(Comment.objects.values_list("status", flat=True)) == ["spam"]
    assertNotContains(Client().get(a_published_article.get_absolute_url()), "Again and again.")


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
    cache.delete("comments:flood:ip:198.51.100.23")  # the first comment's, not a ban
    page = post(a_published_article, reader, email="b@example.org", body="After the ban.")
    assertContains(page, "You can no longer comment on this site.")
    with django_capture_on_commit_callbacks(execute=True):
        bans.lift(ban, by=None)
    cache.delete("comments:flood:ip:198.51.100.23")
    post(a_published_article, reader, email="c@example.org", body="Unbanned.")
    assert dict(Comment.objects.values_list("body", "status")) == {
        "Before the ban.": "pending",  # the policy holds a first comment
        "After the ban.": "spam",
        "Unbanned.": "pending",
    }


def test_a_suspension_ends_when_its_time_comes_without_a_change(a_published_article):
    CommenterBan.objects.create(
        email="ana@example.org",
        reason="Cooling off",
        expires_at=timezone.now() + timedelta(minutes=10),
    )
    assertContains(post(a_published_article), "Your comments are suspended until")
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        post(a_published_article, body="After the suspension.")  # still in the cached bans
    assert Comment.objects.get(body="After the suspension.").status == Comment.Status.PENDING


def test_with_more_bans_than_are_cached_each_post_asks_the_database(
    a_published_article, monkeypatch
):
    monkeypatch.setattr("comments.rules.BANS_CACHED_AT_MOST", 1)
    CommenterBan.objects.create(email="one@example.org", reason="Spam")
    CommenterBan.objects.create(email="ana@example.org", reason="Spam")
    assertContains(post(a_published_article), "You can no longer comment on this site.")
    assert Comment.objects.get().status == Comment.Status.SPAM


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
    # By email; the IP (often shared) only for a comment without one.
    assertContains(page, f"{add}?email=ok%40example.org&amp;next=")
    assert "ip_address=192.0.2.1&amp;next" not in page.text
    CommentFactory(status="pending", email="", ip_address="192.0.2.9")  # an imported one
    assertContains(client.get(page.request["PATH_INFO"]), f"{add}?ip_address=192.0.2.9&amp;")
    form = client.get(add, {"email": "ok@example.org"})
    assertContains(form, 'value="ok@example.org"')
    response = client.post(
        add,
        {"email": "ok@example.org", "ip_address": "", "reason": "Threats", "expires_at_0": ""},
    )
    assert response.status_code == 302
    ban = CommenterBan.objects.get(email="ok@example.org")
    assert ban.created_by == moderator and ban.expires_at is None
    entry = ModerationLog.objects.get(ban=ban)
    assert (entry.action, entry.by) == ("ban", moderator)
    assert entry.note == "ok@example.org — for good — Threats"


def test_a_ban_made_from_the_queue_returns_to_the_same_place(client, moderator):
    CommentFactory(status="pending", email="troll@example.org")
    client.force_login(moderator)
    queue = reverse("admin:comments_comment_changelist") + "?status=pending&p=1"
    page = client.get(queue)
    ban_link = reverse("admin:comments_commenterban_add") + "?email=troll%40example.org"
    assertContains(page, ban_link)
    assertContains(page, "next=%2Fadmin%2Fcomments%2Fcomment%2F%3Fstatus%3Dpending%26p%3D1")
    response = client.post(
        ban_link + "&next=" + quote(queue),
        {"email": "troll@example.org", "ip_address": "", "reason": "Abuse", "expires_at_0": ""},
    )
    assert response.status_code == 302 and response.url == queue
    assert CommenterBan.objects.active().get().email == "troll@example.org"


def test_a_new_suspension_that_has_already_ended_is_refused(client, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_commenterban_add"),
        {
            "email": "troll@example.org",
            "ip_address": "",
            "reason": "Abuse",
            "expires_at_0": "2020-01-01",
            "expires_at_1": "10:00",
        },
    )
    assertContains(response, "This time has already passed")
    assertContains(response, "troll@example.org")  # the form comes back filled in
    assert not CommenterBan.objects.exists()


def test_a_ban_is_lifted_from_the_row_kept_for_the_record_and_logged(
    client, moderator, a_published_article, django_capture_on_commit_callbacks
):
    row = CommentFactory(status="pending", email="troll@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        ban = bans.ban(CommenterBan(email="troll@example.org", reason="Abuse"), by=moderator)
    client.force_login(moderator)
    queue = reverse("admin:comments_comment_changelist")
    page = client.get(queue)
    lift = reverse("admin:comments_commenterban_lift", args=[ban.pk])
    assertContains(page, f'formaction="{lift}?next=')
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{lift}?next={quote(queue)}")
    assert response.status_code == 302 and response.url == queue
    ban.refresh_from_db()
    assert ban.lifted_by == moderator and not ban.is_active()
    assert list(ModerationLog.objects.filter(ban=ban).values_list("action", flat=True)) == [
        "unban",
        "ban",
    ]
    assert client.get(queue).context["cl"].result_list[0].ban is None
    assert row.pk
    page = post(a_published_article, email="troll@example.org", body="Back again, politely.")
    assert Comment.objects.get(body="Back again, politely.").status == Comment.Status.PENDING
    # The record stays; nobody deletes a ban.
    assert client.post(reverse("admin:comments_commenterban_delete", args=[ban.pk])).status_code
    assert CommenterBan.objects.filter(pk=ban.pk).exists()


def test_changing_a_ban_is_logged_with_what_it_says_now(client, moderator):
    ban = bans.ban(CommenterBan(email="troll@example.org", reason="Abuse"), by=moderator)
    client.force_login(moderator)
    client.post(
        reverse("admin:comments_commenterban_change", args=[ban.pk]),
        {
            "email": "troll@example.org",
            "ip_address": "",
            "reason": "Abuse, then threats",
            "expires_at_0": "",
        },
    )
    entry = ModerationLog.objects.filter(ban=ban).first()
    assert (entry.action, entry.note) == (
        "ban_change",
        "troll@example.org — for good — Abuse, then threats",
    )


def test_a_ban_and_its_lifting_can_be_undone_by_the_moderator(
    client, moderator, django_capture_on_commit_callbacks
):
    CommentFactory(status="pending", email="troll@example.org")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        ban = bans.ban(CommenterBan(email="troll@example.org", reason="Abuse"), by=moderator)
    queue = client.get(reverse("admin:comments_comment_changelist"))
    assertContains(queue, "You banned troll@example.org.")
    undo = moderation.undoable(moderator)
    assert moderation.undo(undo, by=moderator).pk == ban.pk
    ban.refresh_from_db()
    assert not ban.is_active()
    assertContains(
        client.get(reverse("admin:comments_comment_changelist")),
        "You lifted the ban on troll@example.org.",
    )
    moderation.undo(moderation.undoable(moderator), by=moderator)
    ban.refresh_from_db()
    assert ban.is_active()
    assert list(ModerationLog.objects.filter(ban=ban).values_list("action", flat=True)) == [
        "ban",
        "unban",
        "ban",
    ]


def test_undoing_a_keep_makes_the_reports_count_again(moderator):
    reported = CommentFactory(status="reported")
    CommentReport.objects.create(comment=reported, reason="abuse", reporter_digest="a")
    moderation.approve(reported, by=moderator)
    assert not reported.reports.filter(resolved_at=None).exists()
    moderation.undo(moderation.undoable(moderator), by=moderator)
    reported.refresh_from_db()
    assert reported.status == Comment.Status.REPORTED
    assert reported.reports.filter(resolved_at=None).count() == 1


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
