"""Comments through the API: the same rules and moderation as the site's form."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.models import Category, CommentPolicy
from comments.models import Comment, CommenterBan
from tests.comments.helpers import token_from
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def url(article):
    return f"/api/v1/articles/{article.pk}/comments"


def comment(article, **overrides):
    return {
        "name": "Ana Quispe",
        "email": "ana@example.org",
        "body": "Will there be a debate in Aymara?",
        "token": token_from(article),
        **overrides,
    }


def post(client, article, **overrides):
    return client.post(url(article), comment(article, **overrides), content_type="application/json")


def test_lists_approved_comments_without_email_or_ip(client, a_published_article):
    shown = CommentFactory(article=a_published_article, body="Approved <b>text</b>")
    CommentFactory(article=a_published_article, status=Comment.Status.PENDING)
    CommentFactory(article=a_published_article, status=Comment.Status.SPAM)
    response = client.get(url(a_published_article))
    assert [c["id"] for c in response.json()["items"]] == [shown.pk]
    assert response.json()["items"][0]["body"] == "Approved <b>text</b>"
    assert shown.email.encode() not in response.content
    assert b"203.0.113.7" not in response.content


def test_a_draft_articles_comments_are_404(client, a_draft_article):
    assert client.get(url(a_draft_article)).status_code == 404
    assert post(client, a_draft_article).status_code == 404


def test_a_comment_is_held_as_by_the_form_and_its_status_returned(client, a_published_article):
    response = post(client, a_published_article)
    assert response.status_code == 201
    stored = Comment.objects.get()
    assert response.json() == {"id": stored.pk, "status": "pending"}
    assert stored.status == Comment.Status.PENDING
    assert stored.held_reason == "Site policy: every comment is held for review."
    assert stored.ip_address == "127.0.0.1"


def test_an_app_posts_without_cookies_or_csrf_token(a_published_article):
    app = Client(enforce_csrf_checks=True)
    response = app.post(
        url(a_published_article), comment(a_published_article), content_type="application/json"
    )
    assert response.status_code == 201


def test_with_the_approve_clean_policy_it_goes_live(client, a_published_article, settings):
    settings.COMMENTS = {"POLICY": "approve_clean"}
    response = post(client, a_published_article)
    assert response.json()["status"] == "approved"
    items = client.get(url(a_published_article)).json()["items"]
    assert [c["body"] for c in items] == ["Will there be a debate in Aymara?"]


def test_spam_is_pending_to_its_sender(client, a_published_article, settings):
    settings.COMMENTS = {"DISALLOWED_KEYWORDS": ["casino"], "POLICY": "approve_clean"}
    response = post(client, a_published_article, body="Best casino bonus")
    assert response.json()["status"] == "pending"
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_invalid_fields_are_400_with_the_forms_messages(client, a_published_article):
    response = post(client, a_published_article, email="not-an-email", body="  ")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["email"] == ["Please enter a valid email address, like name@example.com."]
    assert errors["body"] == ["Please type your comment."]
    assert not Comment.objects.exists()


def test_a_comment_sent_seconds_after_its_token_is_refused(client, a_published_article):
    fast = post(client, a_published_article, token=token_from(a_published_article, 1))
    assert fast.status_code == 400
    assert "very quickly" in fast.json()["errors"]["__all__"][0]
    no_token = post(client, a_published_article, token="")
    assert no_token.status_code == 400
    # The app gets a token to send the comment again with, after the time a person takes:
    # a bot sending junk gains nothing.
    fresh = no_token.json()["token"]
    assert post(client, a_published_article, token=fresh).status_code == 400
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        assert post(client, a_published_article, token=fresh).status_code == 201


def test_the_token_comes_from_the_form_endpoint(client, a_published_article):
    form = client.get(f"{url(a_published_article)}/form").json()
    assert form["open"] is True
    with time_machine.travel(timezone.now().timestamp() + 30):
        response = post(client, a_published_article, token=form["token"])
    assert response.status_code == 201


def test_flood_duplicates_and_bans_are_refused_as_on_the_form(
    client, a_published_article, django_capture_on_commit_callbacks
):
    assert post(client, a_published_article).status_code == 201
    again = post(client, a_published_article)
    assert again.status_code == 400
    assert "already said that" in again.json()["errors"]["__all__"][0]
    flood = post(client, a_published_article, body="Another thought")
    assert "too quickly" in flood.json()["errors"]["__all__"][0]
    with django_capture_on_commit_callbacks(execute=True):  # bans are read from the cache
        CommenterBan.objects.create(email="troll@example.org", reason="abuse")
    banned = post(client, a_published_article, email="troll@example.org", body="Hi")
    assert "no longer comment" in banned.json()["errors"]["__all__"][0]
    assert Comment.objects.count() == 1


def test_a_reused_token_gets_a_fresh_one(client, a_published_article, settings):
    settings.COMMENTS = {"FLOOD_SECONDS": 0}
    token = token_from(a_published_article)
    assert post(client, a_published_article, token=token).status_code == 201
    reused = post(client, a_published_article, token=token, body="A second, different point")
    assert reused.status_code == 400
    fresh = reused.json()["token"]
    assert fresh and fresh != token
    assert (
        post(client, a_published_article, token=fresh, body="A second, different point").status_code
        == 201
    )


def test_closed_comments_are_403_with_the_reason(client, a_published_article):
    a_published_article.categories.set(
        [Category.objects.create(name="Courts", comment_policy=CommentPolicy.CLOSED)]
    )
    response = post(client, a_published_article)
    assert response.status_code == 403
    assert response.json()["detail"] == "Comments are closed on articles in Courts."
    form = client.get(f"{url(a_published_article)}/form").json()
    assert form == {"open": False, "closed_reason": response.json()["detail"], "token": None}
    # An app that passes on the form's null token is told the same, not a schema error.
    response = post(client, a_published_article, token=None)
    assert response.status_code == 403
    assert response.json()["detail"] == "Comments are closed on articles in Courts."


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"name": 5, "email": null}', b'{"parent": "x"}', b'{"parent": 999}'],
)
def test_malformed_posts_are_4xx_never_500(client, a_published_article, body):
    response = client.post(url(a_published_article), body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert not Comment.objects.exists()


def test_a_body_over_the_upload_limit_is_a_json_413_not_a_500(
    client, a_published_article, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(client, a_published_article, body="x" * 20_000)
    assert response.status_code == 413
    assert response.json()["detail"]
    assert not Comment.objects.exists()
