from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from desk.models import RevisionNote
from desk.revisions import latest_version
from tests.desk.test_revisions import change, edit
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def submit(client, article, **overrides):
    return edit(client, article, status=Article.Status.REVIEW, **overrides)


def test_submitting_emails_the_editors_and_is_in_the_history(
    client,
    writer,
    editor,
    superuser,
    draft,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, draft)
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == sorted([editor.email, superuser.email])
    assert "Floods close the highway" in message.subject
    assert f"/admin/articles/article/{draft.pk}/change/" in message.body
    assert latest_version(draft).revision.desk_note.kind == RevisionNote.Kind.SUBMITTED
    history = client.get(reverse("admin:articles_article_revisions", args=[draft.pk]))
    assert "Submitted for review" in history.text


def test_saving_an_article_already_in_review_notifies_nobody_again(
    client,
    writer,
    editor,
    draft,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, draft)
        draft.refresh_from_db()
        submit(client, draft, headline="Floods close the Cusco highway")
    assert len(mailoutbox) == 1


def test_the_admin_home_counts_and_lists_articles_in_review_oldest_first(client, editor, writer):
    client.force_login(writer)
    start = timezone.now() - timedelta(days=2)
    for hours, headline in ((5, "Newer"), (1, "Oldest")):
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            article = ArticleFactory(
                headline=headline, status=Article.Status.DRAFT, published_at=None
            )
            submit(client, article)
    ArticleFactory(headline="Just a draft", status=Article.Status.DRAFT, published_at=None)

    client.force_login(editor)
    home = client.get(reverse("admin:index")).text
    assert "In review: 2 articles" in home
    queue = home[home.index('id="review-queue"') :]
    assert queue.index(">Oldest</a>") < queue.index(">Newer</a>")
    assert "Just a draft" not in home

    client.force_login(writer)
    assert "In review:" not in client.get(reverse("admin:index")).text


def test_an_editor_sends_an_article_back_with_a_note_the_writer_sees(
    client,
    writer,
    editor,
    draft,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(writer)
    submit(client, draft)
    client.force_login(editor)
    assert "Send back to the writer" in client.get(change(draft)).text
    send_back = reverse("admin:articles_article_send_back", args=[draft.pk])
    refused = client.post(send_back, {"note": "  "})
    assert "Write a note" in refused.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_back, {"note": "Name the police source, please."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert mailoutbox[-1].to == [writer.email]
    assert "Name the police source, please." in mailoutbox[-1].body

    client.force_login(writer)
    page = client.get(change(draft)).text
    assert "Name the police source, please." in page
    history = client.get(reverse("admin:articles_article_revisions", args=[draft.pk])).text
    assert "Sent back to the writer" in history
    assert "Name the police source, please." in history

    # Resubmitted: the note is done with.
    draft.refresh_from_db()
    submit(client, draft)
    draft.refresh_from_db()
    assert "Name the police source, please." not in client.get(change(draft)).text


def test_writers_cannot_send_back(client, writer, draft):
    client.force_login(writer)
    submit(client, draft)
    assert "Send back to the writer" not in client.get(change(draft)).text
    send_back = reverse("admin:articles_article_send_back", args=[draft.pk])
    assert client.post(send_back, {"note": "x"}).status_code == 403
