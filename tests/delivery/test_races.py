"""
A reader racing a change never leaves the old page in the cache once the commit returns.

The writer (this test's thread) makes a change in a real transaction; a reader (another
thread, with its own database connection) renders the article page meanwhile and sees the
old content, as a concurrent request would. Once the writer's commit returns, a fresh
anonymous reader must get the new state: the change is purged after the commit
(``newsroom.pagecache.after_commit``) and a page counts only if its render started after
the last change of what it shows.

Two timings, for an unpublish, a comment removal and an erase on request:

* the reader renders and stores the page while the writer's transaction is open;
* the reader's render straddles the commit: it reads, waits while the writer commits,
  then stores.

SQLite's in-memory test database cannot serve a reader while a write transaction is open
(the reader's query fails with "database table is locked"), so there only the straddle
starting with the reader runs; PostgreSQL runs all three timings.
"""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client

from articles.models import Article
from comments import moderation
from comments.models import Comment
from comments.templatetags import comments_tags
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

needs_concurrent_readers = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database locks readers out of an open write transaction",
)
WAIT = 20  # seconds before a stuck thread fails the test instead of hanging it


class Reader(threading.Thread):
    """An anonymous GET in a thread of its own (own database connection).

    With ``pause``, it stops once the comment thread, the last content the article page
    reads, has been read, and waits for ``resume()`` before the page is finished and
    stored.
    """

    def __init__(self, url, monkeypatch, *, pause=False):
        super().__init__(name="reader")
        self.url = url
        self.response = self.error = None
        self.paused, self.resumed = threading.Event(), threading.Event()
        if pause:
            original = comments_tags.comment_section

            def read_then_wait(*args, **kwargs):
                section = original(*args, **kwargs)
                if threading.current_thread() is self:
                    self.paused.set()
                    assert self.resumed.wait(WAIT), "the writer never let the reader go on"
                return section

            monkeypatch.setattr(comments_tags, "comment_section", read_then_wait)

    def run(self):
        try:
            self.response = Client().get(self.url)
        except Exception as error:  # noqa: BLE001 -- re-raised in the test's thread by finish()
            self.error = error
        finally:
            connections.close_all()

    def wait_until_paused(self):
        assert self.paused.wait(WAIT) or self.error, "the reader never reached the pause"
        if self.error:
            raise self.error

    def resume(self):
        self.resumed.set()

    def finish(self):
        self.resumed.set()
        self.join(WAIT)
        assert not self.is_alive(), "the reader did not finish"
        if self.error:
            raise self.error
        return self.response


# The changes: each sets up a published page, changes it, and says what must go.


class Unpublish:
    old_text = "Mayor resigns over harbour contract"

    def __init__(self):
        self.article = ArticleFactory(headline=self.old_text)
        self.url = self.article.get_absolute_url()

    def change(self):
        article = Article.objects.get(pk=self.article.pk)
        article.status = Article.Status.DRAFT
        article.save()

    def assert_gone(self, response):
        assert response.status_code == 404
        assert self.old_text not in response.content.decode()


class RemoveComment:
    old_text = "The harbour money went to a cousin of the mayor."

    def __init__(self):
        self.comment = CommentFactory(body=self.old_text)
        self.url = self.comment.article.get_absolute_url()

    def change(self):
        moderation.remove(self.comment, by=UserFactory(username="race-moderator"))

    def assert_gone(self, response):
        assert response.status_code == 200
        page = response.content.decode()
        assert self.old_text not in page
        assert "No Comments" in page


class Erase:
    old_text = "My street floods every spring, and nobody comes."

    def __init__(self):
        self.comment = CommentFactory(
            name="Ana Quispe", email="ana@example.org", body=self.old_text
        )
        self.url = self.comment.article.get_absolute_url()

    def change(self):
        call_command("comments_by_email", "ana@example.org", "--erase", stderr=StringIO())

    def assert_gone(self, response):
        assert response.status_code == 200
        page = response.content.decode()
        assert self.old_text not in page
        assert "Ana Quispe" not in page
        assert Comment.objects.get().status == Comment.Status.REMOVED


CHANGES = pytest.mark.parametrize("change", [Unpublish, RemoveComment, Erase])


def assert_new_state_after_the_commit(scenario):
    for _ in range(3):  # a stored stale copy would show on the second request at the latest
        scenario.assert_gone(Client().get(scenario.url))


@CHANGES
@needs_concurrent_readers
def test_a_reader_during_the_open_transaction_leaves_no_old_page(
    transactional_db, monkeypatch, change
):
    scenario = change()
    with transaction.atomic():
        scenario.change()
        reader = Reader(scenario.url, monkeypatch)
        reader.start()
        old = reader.finish()
        # It saw the content as committed so far, and kept that page.
        assert scenario.old_text in old.content.decode()
        assert old["X-Page-Cache"] == "miss"
    assert_new_state_after_the_commit(scenario)


@CHANGES
@needs_concurrent_readers
def test_a_render_that_reads_before_and_stores_after_the_commit_leaves_no_old_page(
    transactional_db, monkeypatch, change
):
    scenario = change()
    reader = Reader(scenario.url, monkeypatch, pause=True)
    with transaction.atomic():
        scenario.change()
        reader.start()
        reader.wait_until_paused()
    old = reader.finish()
    assert scenario.old_text in old.content.decode()
    assert_new_state_after_the_commit(scenario)


@CHANGES
def test_a_render_that_starts_before_the_change_and_stores_after_the_commit_leaves_no_old_page(
    transactional_db, monkeypatch, change
):
    scenario = change()
    reader = Reader(scenario.url, monkeypatch, pause=True)
    reader.start()
    reader.wait_until_paused()
    with transaction.atomic():
        scenario.change()
    old = reader.finish()
    assert scenario.old_text in old.content.decode()
    assert_new_state_after_the_commit(scenario)
