import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pytest_django.asserts import assertContains

from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_purge_erases_ip_and_user_agent_older_than_n_days():
    old = CommentFactory(submitted_at=timezone.now() - timedelta(days=31), user_agent="UA/1")
    recent = CommentFactory(submitted_at=timezone.now() - timedelta(days=29), user_agent="UA/2")
    out = io.StringIO()
    call_command("purge_comment_metadata", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("203.0.113.7", "UA/2")
    assert "1 comment(s)" in out.getvalue()
    call_command("purge_comment_metadata", "--days", "7", stdout=io.StringIO())
    recent.refresh_from_db()
    assert recent.ip_address is None


def test_export_all_comments_by_email():
    CommentFactory(email="ana@example.org", body="First")
    CommentFactory(email="ANA@example.org", body="Second", status="pending")
    CommentFactory(email="someone@example.org", body="Not hers")
    out = io.StringIO()
    call_command("comments_by_email", "ana@example.org", "--export", stdout=out)
    records = json.loads(out.getvalue())
    assert sorted(record["comment"] for record in records) == ["First", "Second"]
    assert {"article", "url", "ip_address", "submitted_at", "status"} <= set(records[0])


def test_erase_removes_personal_data_and_keeps_replies_by_others(client):
    hers = CommentFactory(email="ana@example.org", name="Ana", website="https://ana.example")
    reply = CommentFactory(article=hers.article, parent=hers, body="A reply by someone else")
    lone = CommentFactory(article=hers.article, email="ana@example.org", body="Nobody answered")
    call_command(
        "comments_by_email",
        "ana@example.org",
        "--erase",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    hers.refresh_from_db()
    assert (hers.name, hers.email, hers.website, hers.ip_address) == ("Erased", "", "", None)
    assert "erased at its author’s request" in hers.body
    assert hers.status == Comment.Status.REMOVED
    page = client.get(hers.article.get_absolute_url())
    html = page.content.decode()
    # Her comment leaves a placeholder in its place, with the reply under it.
    placeholder = html.split(f'id="comment-{hers.pk}"', 1)[1]
    assert placeholder.index("This comment was removed.") < placeholder.index(
        "A reply by someone else"
    )
    assert "Ana" not in html.split('id="comments"', 1)[1].split('id="respond"', 1)[0]
    assert "erased at its author" not in html and "ana.example" not in html
    assert f'id="comment-{lone.pk}"' not in html  # nothing visible under it: no placeholder
    assertContains(page, '<h2 id="comments-heading" class="comments-heading">One Comment</h2>')
    assert reply.pk and html.count("This comment was removed.") == 1


def test_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match="No comments with the email address"):
        call_command("comments_by_email", "nobody@example.org", "--export")
