"""Spam and abuse: bot traps, flood control, duplicates, hold rules and policies."""

from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from pytest_django.asserts import assertContains

from articles.models import CommentPolicy
from comments import rules
from comments.models import Comment
from tests.comments.helpers import comment_data, post_url, shown_form, token_from
from tests.factories import CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db


def post(client, article, **overrides):
    return client.post(post_url(article), comment_data(article, **overrides))


def test_a_filled_honeypot_is_spam_silently(client, a_published_article):
    article = a_published_article
    response = post(client, article, phone="555-0100")
    assert response.status_code == 302  # the bot sees what a person sees
    assert "comment-form" not in response["Location"]
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert "honeypot" in comment.held_reason
    assert "Aymara" not in Client().get(article.get_absolute_url()).content.decode()
    assert len(mail.outbox) == 0  # moderators are not bothered with bot spam


@pytest.mark.parametrize(
    ("case", "notice"),
    [
        ("missing", "sent very quickly"),
        ("forged", "sent very quickly"),
        ("too_fast", "sent very quickly"),
        ("expired", "open for a long time"),
        ("other_article", "sent very quickly"),
    ],
)
def test_timing_signs_keep_the_text_and_ask_the_reader(client, a_published_article, case, notice):
    """A remembered reader who types “Agreed.” and posts within a second, or a form
    left open for hours: never filed as spam, the reader confirms and it is taken."""
    article = a_published_article
    token = {
        "missing": lambda: "",
        "forged": lambda: "eyJhIjoxfQ:forged:signature",
        "too_fast": lambda: token_from(article, seconds_ago=1),
        "expired": lambda: token_from(article, seconds_ago=3 * 60 * 60),
        "other_article": lambda: token_from(type(article)(pk=article.pk + 1000)),
    }[case]()
    response = post(client, article, token=token, body="Agreed.")
    assert not Comment.objects.exists()
    assert response["Location"] == f"{article.get_absolute_url()}#comment-form"
    page = client.get(response["Location"])
    assertContains(page, notice)
    fields = shown_form(page)
    assert (fields["body"], fields["name"]) == ("Agreed.", "Ana Quispe")
    confirmed = client.post(post_url(article), fields)  # at once: the reader has read it
    comment = Comment.objects.get()
    assert confirmed["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assertContains(client.get(article.get_absolute_url()), "Agreed.")


def test_flood_control_per_ip_and_per_email(client, a_published_article):
    assert post(client, a_published_article).status_code == 302
    again = client.post(
        post_url(a_published_article),
        comment_data(a_published_article, body="Another thought", email="other@example.org"),
        follow=True,
    )
    assertContains(again, "You are posting comments too quickly. Slow down.")
    assertContains(again, "Another thought")  # nothing typed is lost
    from_elsewhere = Client(REMOTE_ADDR="192.0.2.9")
    same_email = from_elsewhere.post(
        post_url(a_published_article),
        comment_data(a_published_article, body="From my phone"),
        follow=True,
    )
    assertContains(same_email, "too quickly")
    assert Comment.objects.count() == 1
    cache.clear()  # the window has passed
    assert post(client, a_published_article, body="Later thought").status_code == 302


def test_duplicate_comment_is_refused(client, a_published_article):
    post(client, a_published_article)
    cache.clear()
    again = client.post(
        post_url(a_published_article),
        comment_data(
            a_published_article,
            body="  GOOD reporting.\nWill there be a debate in  Aymara?  ",
            email="ANA@example.org",
        ),
        follow=True,
    )
    assertContains(
        again, "Duplicate comment detected; it looks as though you’ve already said that!"
    )
    assert Comment.objects.count() == 1


def test_too_many_links_hold_with_a_reason(client, a_published_article, settings):
    settings.COMMENTS = {"POLICY": "approve_clean"}
    body = "See https://a.example and http://b.example and www.c.example"
    post(client, a_published_article, body=body)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == "Contains 3 links (more than 2)."


@pytest.mark.parametrize(
    ("body", "links"),
    [
        ("https://www.a.example and https://www.b.example", 2),
        ("HTTP://WWW.A.EXAMPLE/x?y=www.z and www.b.example", 2),
        ("https://a.example/https://b.example", 1),
        ("no links, just a www. typo", 0),
    ],
)
def test_each_link_counts_once(body, links):
    comment = Comment(name="Ana", email="ana@example.org", body=body)
    with override_settings(COMMENTS={"MAX_LINKS": 0}):
        reasons = rules.hold_reasons(comment, policy="approve_clean", category_holds=None)
    assert reasons == ([f"Contains {links} links (more than 0)."] if links else [])


def test_moderation_keywords_hold(client, a_published_article, settings):
    settings.COMMENTS = {"POLICY": "approve_clean", "HOLD_KEYWORDS": ["lawsuit"]}
    post(client, a_published_article, body="Expect a LAWSUIT soon.")
    assert Comment.objects.get().held_reason == "Contains moderation keywords: lawsuit."


@pytest.mark.parametrize(
    ("setting", "value", "overrides", "reason"),
    [
        ("DISALLOWED_KEYWORDS", ["casino"], {"body": "Best Casino bonus"}, "disallowed words"),
        ("DISALLOWED_EMAILS", ["@spam.example"], {"email": "x@spam.example"}, "Email address"),
        ("DISALLOWED_IPS", ["127.0.0.0/8"], {}, "IP address is disallowed"),
    ],
)
def test_disallowed_content_goes_straight_to_spam(
    client, a_published_article, settings, setting, value, overrides, reason
):
    settings.COMMENTS = {"POLICY": "approve_clean", setting: value}
    post(client, a_published_article, **overrides)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert reason in comment.held_reason


def test_approve_clean_policy_publishes_at_once(client, a_published_article, settings):
    settings.COMMENTS = {"POLICY": "approve_clean"}
    response = post(client, a_published_article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED and comment.held_reason == ""
    page = client.get(response["Location"])
    assertContains(page, "One Comment")


def test_approve_known_policy_trusts_earlier_approved_authors(
    client, a_published_article, settings
):
    settings.COMMENTS = {"POLICY": "approve_known"}
    post(client, a_published_article)
    first = Comment.objects.get()
    assert first.held_reason == "First comment from this name and email."
    CommentFactory(name="Ana Quispe", email="ana@example.org", status=Comment.Status.APPROVED)
    cache.clear()
    post(client, a_published_article, body="A second, different comment")
    assert Comment.objects.get(body="A second, different comment").status == "approved"


def test_category_can_force_holding(client, a_published_article, settings):
    settings.COMMENTS = {"POLICY": "approve_clean"}
    a_published_article.categories.add(
        CategoryFactory(name="Courts", comment_policy=CommentPolicy.HOLD)
    )
    post(client, a_published_article)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == "Every comment in “Courts” is held for review."


def test_held_comment_emails_the_moderators(
    client, a_published_article, moderator, django_capture_on_commit_callbacks
):
    moderator.email = "mod@example.org"
    moderator.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, a_published_article)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mod@example.org"]
    assert a_published_article.headline in message.subject
    comment = Comment.objects.get()
    assert comment.body in message.body
    assert f"/admin/comments/comment/{comment.pk}/change/" in message.body


def test_comment_is_kept_when_the_mail_server_fails(
    client, a_published_article, moderator, django_capture_on_commit_callbacks, caplog
):
    with mock.patch("comments.moderation.send_mail", side_effect=ConnectionRefusedError):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, a_published_article)
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert "comments.tasks.notify_moderators state=FAILED" in caplog.text  # logged, not raised


def test_ip_comes_from_the_trusted_proxy_only(a_published_article, settings):
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.50")
    client.post(post_url(a_published_article), comment_data(a_published_article))
    assert Comment.objects.get().ip_address == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    client.post(post_url(a_published_article), comment_data(a_published_article, body="Two"))
    assert Comment.objects.get(body="Two").ip_address == "203.0.113.50"


HIDDEN_BY_MARKUP = [
    "Buy <b>vi</b>agra here",
    "Buy vi<!-- hidden -->agra here",
    "Buy vi&#97;gra here",
    "Buy v<i></i>iagra here",
    "Buy ＶＩＡＧＲＡ here",
    "Buy viagra here",
]


@pytest.mark.parametrize("body", HIDDEN_BY_MARKUP)
def test_disallowed_words_match_the_text_a_reader_reads(
    client, settings, a_published_article, body
):
    settings.COMMENTS = {**settings.COMMENTS, "DISALLOWED_KEYWORDS": ["viagra"]}
    post(client, a_published_article, body=body)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert "disallowed words: viagra" in comment.held_reason


@pytest.mark.parametrize("body", HIDDEN_BY_MARKUP)
def test_hold_words_match_the_text_a_reader_reads(client, settings, a_published_article, body):
    settings.COMMENTS = {
        **settings.COMMENTS,
        "POLICY": "approve_clean",
        "HOLD_KEYWORDS": ["buy viagra"],
    }
    post(client, a_published_article, body=body)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "moderation keywords: buy viagra" in comment.held_reason
