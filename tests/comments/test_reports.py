"""Readers report comments; past a threshold a comment leaves the site for the Reported
queue, where a moderator keeps or removes it. Who reported is never kept."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from comments import moderation
from comments.models import Comment, CommentReport, ModerationLog
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def report_url(comment):
    return reverse("comments:report", args=[comment.pk])


def report(client, comment, ip, reason="abuse", note=""):
    return client.post(report_url(comment), {"reason": reason, "note": note}, REMOTE_ADDR=ip)


@pytest.fixture
def a_comment(a_published_article):
    return CommentFactory(
        article=a_published_article, name="Dora", body="The mayor lives at 12 Calle Sucre."
    )


def test_every_published_comment_has_a_report_link_that_works_without_javascript(client, a_comment):
    page = client.get(a_comment.article.get_absolute_url())
    assertContains(page, f'href="{report_url(a_comment)}"')
    form = client.get(report_url(a_comment))
    assertContains(form, 'type="radio" name="reason"')
    assertContains(form, "The mayor lives at 12 Calle Sucre.")
    assertContains(form, 'name="csrfmiddlewaretoken"')


def test_a_report_thanks_the_reader_and_stores_no_address(client, a_comment):
    response = report(client, a_comment, "198.51.100.77", note="A private address")
    assertRedirects(response, report_url(a_comment) + "?sent=1")
    assertContains(client.get(response.url), "Thank you for your report")
    stored = CommentReport.objects.get()
    assert (stored.comment, stored.reason, stored.note) == (a_comment, "abuse", "A private address")
    assert "198.51.100.77" not in str(
        CommentReport.objects.values().get()
    )  # only a keyed digest of it
    a_comment.refresh_from_db()
    assert a_comment.status == "approved"  # one report is below the threshold


def test_past_the_threshold_a_comment_leaves_the_site_for_the_reported_queue(
    client, moderator, a_comment, settings
):
    settings.COMMENTS = {"REPORT_THRESHOLD": 2}
    article_url = a_comment.article.get_absolute_url()
    assertContains(client.get(article_url), "12 Calle Sucre")
    assert client.get(article_url)["X-Page-Cache"] == "hit"
    report(client, a_comment, "198.51.100.1")
    report(client, a_comment, "198.51.100.1", reason="spam")  # the same reader: counted once
    a_comment.refresh_from_db()
    assert a_comment.status == "approved"
    report(client, a_comment, "198.51.100.2", reason="personal", note="Home address")
    a_comment.refresh_from_db()
    assert a_comment.status == "reported"
    assertNotContains(client.get(article_url), "12 Calle Sucre")
    a_comment.article.refresh_from_db()
    assert a_comment.article.approved_comment_count == 0
    entry = ModerationLog.objects.get()
    assert (entry.from_status, entry.to_status, entry.by) == ("approved", "reported", None)

    client.force_login(moderator)
    desk = client.get(QUEUE, {"status": "reported"})
    html = desk.content.decode()
    assert 'Reported <span class="desk-count">1</span>' in html
    assert "Reported by 2 readers" in html
    assert "Abusive or hateful" in html and "Personal information (“Home address”)" in html
    assert "198.51.100.1" not in html and "198.51.100.2" not in html  # who reported: never
    assert 'value="approve" data-key="approve">Keep<' in html


def test_a_reported_comment_with_replies_is_said_to_wait_not_to_be_removed(
    client, a_comment, settings
):
    settings.COMMENTS = {"REPORT_THRESHOLD": 1}
    CommentFactory(article=a_comment.article, parent=a_comment, body="That is not true.")
    report(client, a_comment, "198.51.100.1")
    page = client.get(a_comment.article.get_absolute_url())
    assertNotContains(page, "12 Calle Sucre")
    assertContains(page, "That is not true.")
    assertContains(page, "This comment is waiting for the moderators.")
    assertNotContains(page, "This comment was removed.")
    # The moderators remove it: the count does not change, the thread does, at once.
    moderation.remove(a_comment, by=None)
    page = client.get(a_comment.article.get_absolute_url())
    assertContains(page, "This comment was removed.")
    assertNotContains(page, "This comment is waiting for the moderators.")


def test_keeping_a_reported_comment_answers_its_reports(client, moderator, a_comment, settings):
    settings.COMMENTS = {"REPORT_THRESHOLD": 2}
    report(client, a_comment, "198.51.100.1")
    report(client, a_comment, "198.51.100.2")
    client.force_login(moderator)
    client.post(
        reverse("admin:comments_comment_decide", args=[a_comment.pk]), {"decision": "approve"}
    )
    a_comment.refresh_from_db()
    assert a_comment.status == "approved"
    assert not CommentReport.objects.filter(resolved_at=None).exists()
    client.logout()
    assertContains(client.get(a_comment.article.get_absolute_url()), "12 Calle Sucre")
    report(client, a_comment, "198.51.100.3")  # a new report counts afresh: one, not three
    a_comment.refresh_from_db()
    assert a_comment.status == "approved"


def test_reports_are_rate_limited_per_address_with_the_choice_kept(
    client, a_published_article, settings
):
    settings.COMMENTS = {"REPORTS_PER_HOUR": 2}
    comments = CommentFactory.create_batch(3, article=a_published_article)
    for comment in comments[:2]:
        assert report(client, comment, "198.51.100.9").status_code == 302
    refused = report(client, comments[2], "198.51.100.9", reason="spam", note="Same link again")
    assert refused.status_code == 429
    assertContains(refused, "a lot of reports", status_code=429)
    assert re.search(r'value="spam"[^>]* checked', refused.content.decode())
    assertContains(refused, "Same link again", status_code=429)
    assert CommentReport.objects.count() == 2
    assert report(client, comments[2], "198.51.100.10").status_code == 302  # someone else


def test_a_report_without_a_reason_is_a_message_not_an_error(client, a_comment):
    response = client.post(report_url(a_comment), {"note": "x" * 600})
    assert response.status_code == 400
    assertContains(response, "Please choose a reason.", status_code=400)
    assertContains(response, "x" * 600, status_code=400)  # their text is kept
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_only_published_comments_can_be_reported(client, a_published_article, status):
    hidden = CommentFactory(article=a_published_article, status=status)
    assert client.get(report_url(hidden)).status_code == 404
    assert report(client, hidden, "198.51.100.1").status_code == 404
    assert not CommentReport.objects.exists()


def test_a_comment_already_taken_down_thanks_without_counting(client, a_published_article):
    reported = CommentFactory(article=a_published_article, status=Comment.Status.REPORTED)
    response = report(client, reported, "198.51.100.1")
    assertContains(response, "Thank you for your report")
    assert not CommentReport.objects.exists()
