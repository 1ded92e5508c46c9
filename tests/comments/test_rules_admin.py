"""The comment rules, edited by moderators in the admin and read by every app server."""

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from comments.conf import RULES_CACHE_KEY, comment_setting
from comments.models import Comment, ModerationRules
from tests.comments.helpers import comment_data, post_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

RULES_URL = reverse("admin:comments_moderationrules_changelist")


def form(**overrides):
    return {
        "policy": "approve_clean",
        "max_links": "2",
        "close_after_days": "",
        "hold_keywords": "",
        "disallowed_keywords": "",
        "disallowed_emails": "",
        "disallowed_ips": "",
        "report_threshold": "3",
        **overrides,
    }


def save_rules(client, django_capture_on_commit_callbacks, **overrides):
    rules = ModerationRules.objects.first()
    url = (
        reverse("admin:comments_moderationrules_change", args=[rules.pk])
        if rules
        else reverse("admin:comments_moderationrules_add")
    )
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, form(**overrides))


def test_the_form_starts_from_the_settings(client, moderator, settings):
    settings.COMMENTS = {"POLICY": "approve_known", "HOLD_KEYWORDS": ["lawsuit", "bribe"]}
    client.force_login(moderator)
    response = client.get(RULES_URL)
    assertRedirects(response, reverse("admin:comments_moderationrules_add"))
    page = client.get(response["Location"])
    assertContains(page, '<option value="approve_known" selected>', html=False)
    assertContains(page, "lawsuit\nbribe</textarea>")


def test_saved_rules_override_the_settings_at_once(
    client, moderator, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS = {"POLICY": "hold_all", "MIN_SECONDS": 0, "FLOOD_SECONDS": 0}
    assert comment_setting("POLICY") == "hold_all"  # now cached on this "server"
    client.force_login(moderator)
    response = save_rules(
        client, django_capture_on_commit_callbacks, disallowed_keywords="casino\ncheap pills"
    )
    assert response.status_code == 302
    assert ModerationRules.objects.get().updated_by == moderator
    # The shared cache holds the new rules: every server reads them from the next request.
    assert cache.get(RULES_CACHE_KEY)["DISALLOWED_KEYWORDS"] == ["casino", "cheap pills"]
    assert comment_setting("POLICY") == "approve_clean"

    article = ArticleFactory()
    reader = Client()
    reader.post(post_url(article), comment_data(article, body="Nice article."))
    reader.post(
        post_url(article),
        comment_data(article, body="Best CASINO in town", email="x@example.org"),
    )
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses == {"Nice article.": "approved", "Best CASINO in town": "spam"}


def test_closing_after_n_days_shows_on_article_pages_at_once(
    client, moderator, django_capture_on_commit_callbacks
):
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=40))
    reader = Client()
    assert "Comments are closed." not in reader.get(old.get_absolute_url()).content.decode()
    client.force_login(moderator)
    save_rules(client, django_capture_on_commit_callbacks, close_after_days="30")
    assertContains(reader.get(old.get_absolute_url()), "Comments are closed.")


def test_a_bad_network_is_a_form_error_not_a_500(
    client, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    response = save_rules(
        client, django_capture_on_commit_callbacks, disallowed_ips="203.0.113.0/24\nnot-an-ip"
    )
    assert response.status_code == 200
    assertContains(response, "“not-an-ip” is not an IP address or network.")
    assert not ModerationRules.objects.exists()


def test_one_row_only_and_never_deleted(client, moderator, django_capture_on_commit_callbacks):
    client.force_login(moderator)
    save_rules(client, django_capture_on_commit_callbacks)
    rules = ModerationRules.objects.get()
    assertRedirects(
        client.get(RULES_URL), reverse("admin:comments_moderationrules_change", args=[rules.pk])
    )
    # "Add" again (a bookmark, the back button) finds the rules; a second row is refused.
    change = reverse("admin:comments_moderationrules_change", args=[rules.pk])
    assertRedirects(client.get(reverse("admin:comments_moderationrules_add")), change)
    assert client.post(reverse("admin:comments_moderationrules_add"), form()).status_code == 403
    assert "Save and add another" not in client.get(change).text
    delete = reverse("admin:comments_moderationrules_delete", args=[rules.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ModerationRules.objects.exists()


def test_writers_cannot_change_the_rules(client, writer, django_capture_on_commit_callbacks):
    client.force_login(writer)
    assert client.get(RULES_URL).status_code == 403
    save_rules(client, django_capture_on_commit_callbacks)
    assert not ModerationRules.objects.exists()


def test_without_saved_rules_the_settings_apply(settings):
    settings.COMMENTS = {"MAX_LINKS": 7}
    assert comment_setting("MAX_LINKS") == 7


def test_one_post_reads_the_rules_from_the_cache_once(client, a_published_article, monkeypatch):
    """Each rule a post checks (policy, words, links, closing) used to be its own cache
    round trip; a request now reads the rules once."""
    backend, reads = caches["default"], []
    original = backend.get
    monkeypatch.setattr(
        backend, "get", lambda key, *a, **k: reads.append(key) or original(key, *a, **k)
    )
    response = client.post(post_url(a_published_article), comment_data(a_published_article))
    assert response.status_code == 302
    assert reads.count(RULES_CACHE_KEY) == 1


def rules_history(client):
    rules = ModerationRules.objects.get()
    return client.get(reverse("admin:comments_moderationrules_history", args=[rules.pk]))


def test_each_change_to_the_rules_is_in_their_history_with_the_values(
    client, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    save_rules(client, django_capture_on_commit_callbacks, disallowed_keywords="casino\npills")
    save_rules(
        client,
        django_capture_on_commit_callbacks,
        disallowed_keywords="casino\nloans",
        max_links="5",
    )
    history = rules_history(client)
    assertContains(history, "Spam words: added loans and removed pills")
    assertContains(history, "Maximum links: 2 → 5")


def test_a_list_sent_back_unchanged_by_a_browser_is_not_a_change(
    client, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    save_rules(client, django_capture_on_commit_callbacks, hold_keywords="lawyer\nfraud")
    # A browser's textarea: CRLF line ends and a blank line at the end.
    save_rules(
        client,
        django_capture_on_commit_callbacks,
        hold_keywords="lawyer\r\nfraud\r\n",
        report_threshold="1",
    )
    history = rules_history(client)
    assertContains(history, "Reports before review: 3 → 1")
    assert "Hold words" not in history.text
    save_rules(  # only the line ends differ
        client,
        django_capture_on_commit_callbacks,
        hold_keywords="lawyer\r\nfraud",
        report_threshold="1",
    )
    history = rules_history(client)
    assertContains(history, "Saved with no change.")
    assert "Hold words" not in history.text
