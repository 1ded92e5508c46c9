"""Commenters help themselves, with no account: a signed link beside their own comment
lets them edit it for AUTHOR_EDIT_MINUTES and delete it at any time."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from comments import moderation
from comments.models import Comment, ModerationLog
from comments.own import own_link
from tests.comments.helpers import comment_data, post_url
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def post(client, article, settings, **overrides):
    settings.COMMENTS = {"POLICY": "approve_clean"}
    response = client.post(post_url(article), comment_data(article, **overrides))
    assert response.status_code == 302, response.content[:500]
    return Comment.objects.latest("pk")


def test_the_author_alone_sees_the_link_beside_their_comment(client, a_published_article, settings):
    other = CommentFactory(article=a_published_article, body="Someone else.")
    mine = post(client, a_published_article, settings)
    with time_machine.travel(timezone.now(), tick=False):  # the link is signed with the time
        page = client.get(a_published_article.get_absolute_url())
        assertContains(page, f'href="{own_link(mine)}"')
        assertNotContains(page, own_link(other))
    stranger = client.__class__()
    assertNotContains(stranger.get(a_published_article.get_absolute_url()), "Edit or delete")


def test_an_edit_within_the_window_changes_the_text_and_is_logged(
    client, a_published_article, settings
):
    mine = post(client, a_published_article, settings, body="The bridge opens in Mai.")
    link = own_link(mine)
    assertContains(client.get(link), "The bridge opens in Mai.")
    response = client.post(link, {"edit": "", "body": "The bridge opens in May."})
    assert response.url.endswith(f"#comment-{mine.pk}")
    mine.refresh_from_db()
    assert (mine.body, mine.status) == ("The bridge opens in May.", "approved")
    entry = ModerationLog.objects.get()
    assert (entry.previous_body, entry.by) == ("The bridge opens in Mai.", None)
    assertContains(client.__class__().get(a_published_article.get_absolute_url()), "in May.")


def test_an_edited_published_comment_goes_back_to_the_queue_if_the_rules_hold_it(
    client, a_published_article, settings
):
    mine = post(client, a_published_article, settings)
    settings.COMMENTS = {"POLICY": "approve_clean", "HOLD_KEYWORDS": ["lawsuit"]}
    client.post(own_link(mine), {"edit": "", "body": "Expect a lawsuit."})
    mine.refresh_from_db()
    assert mine.status == "pending"
    assert mine.held_reason.startswith("Edited by its author. Contains moderation keywords")
    a_published_article.refresh_from_db()
    assert a_published_article.approved_comment_count == 0


def test_after_the_window_an_edit_is_refused_with_the_text_kept(
    client, a_published_article, settings
):
    mine = post(client, a_published_article, settings, body="First words.")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        page = client.get(own_link(mine))
        assertNotContains(page, 'name="edit"')
        refused = client.post(own_link(mine), {"edit": "", "body": "Second words."})
    assert refused.status_code == 409
    assertContains(refused, "edited for 15 minutes", status_code=409)
    assertContains(refused, "Second words.", status_code=409)
    mine.refresh_from_db()
    assert mine.body == "First words."


def test_after_the_moderators_redact_it_the_author_cannot_type_it_back(
    client, a_published_article, settings
):
    mine = post(client, a_published_article, settings, body="Call Pedro on 555 0177.")
    moderation.edit(mine, by=None, body="Call Pedro on [phone removed].")
    page = client.get(own_link(mine))
    assertNotContains(page, 'name="edit"')
    assertContains(page, "The moderators have edited this comment")
    refused = client.post(own_link(mine), {"edit": "", "body": "Call Pedro on 555 0177."})
    assertContains(refused, "The moderators have edited this comment", status_code=409)
    assertContains(refused, "Call Pedro on 555 0177.", status_code=409)  # their text is kept
    mine.refresh_from_db()
    assert mine.body == "Call Pedro on [phone removed]."
    assertNotContains(client.__class__().get(a_published_article.get_absolute_url()), "555 0177")


def test_delete_at_any_time_erases_the_words(client, a_published_article, settings):
    mine = post(client, a_published_article, settings, body="My phone is 555 0199.")
    moderation.edit(mine, by=None, body="My phone is [redacted].")
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        response = client.post(own_link(mine), {"delete": ""})
    assertContains(response, "Your comment is deleted")
    mine.refresh_from_db()
    assert mine.status == "removed"
    assert "555" not in mine.body
    assert not ModerationLog.objects.filter(previous_body__contains="555").exists()
    page = client.__class__().get(a_published_article.get_absolute_url())
    assertNotContains(page, "My phone")
    assert client.get(own_link(mine)).status_code == 404  # gone for good


def test_a_forged_or_borrowed_link_finds_nothing(client, a_published_article):
    comment = CommentFactory(article=a_published_article)
    assert client.get(reverse("comments:own", args=["forged:token"])).status_code == 404
    link = own_link(comment)
    assert client.get(link[:-3] + "xyz/").status_code == 404
