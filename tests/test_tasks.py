"""Background tasks on the database backend, run by `manage.py worker` (django-tasks-db)."""

import io
import signal
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from tests.comments.helpers import comment_data, post_url
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db
NOTIFY = "comments.tasks.notify_moderators"


@pytest.fixture
def worker(settings, monkeypatch):
    """Tasks are queued in the database; calling the fixture runs what is due, then returns."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker runs inside the test's transaction here: it must not close the
    # connection it cannot see is in use (PostgreSQL would lose the transaction).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def run():
        call_command("worker", "--batch", stdout=io.StringIO(), stderr=io.StringIO())

    yield run
    for sig, handler in handlers.items():  # db_worker installs its own
        signal.signal(sig, handler)


def hold_a_comment(client, article, capture):
    with capture(execute=True):
        response = client.post(post_url(article), comment_data(article))
    assert response.status_code == 302
    return Comment.objects.get()


def test_the_moderators_email_is_sent_by_the_worker_not_the_request(
    client, a_published_article, moderator, worker, django_capture_on_commit_callbacks
):
    comment = hold_a_comment(client, a_published_article, django_capture_on_commit_callbacks)
    assert comment.status == Comment.Status.PENDING
    assert mail.outbox == []  # the reader did not wait for the mail server
    assert DBTaskResult.objects.get().task_path == NOTIFY
    worker()
    assert len(mail.outbox) == 1
    assert comment.body in mail.outbox[0].body
    assert DBTaskResult.objects.get(task_path=NOTIFY).status == "SUCCESSFUL"


def test_a_comment_decided_before_the_worker_runs_sends_no_email(
    client, a_published_article, moderator, worker, django_capture_on_commit_callbacks
):
    from comments import moderation

    comment = hold_a_comment(client, a_published_article, django_capture_on_commit_callbacks)
    moderation.approve(comment, by=moderator)
    worker()
    assert mail.outbox == []


def hold_comments(client, article, capture, *bodies):
    """Readers (one address each) post ``bodies``; each is held."""
    for n, body in enumerate(bodies, start=Comment.objects.count() + 1):
        data = comment_data(article, email=f"reader{n}@example.org", body=body)
        with capture(execute=True):
            response = client.post(post_url(article), data, REMOTE_ADDR=f"198.51.100.{n}")
        assert response.status_code == 302
    return list(Comment.objects.filter(body__in=bodies).order_by("pk"))


def test_a_burst_of_held_comments_is_one_task_and_one_email(
    client, a_published_article, moderator, worker, django_capture_on_commit_callbacks
):
    bodies = ["First held comment.", "Second held comment.", "Third held comment."]
    hold_comments(client, a_published_article, django_capture_on_commit_callbacks, *bodies)
    assert DBTaskResult.objects.filter(task_path=NOTIFY).count() == 1  # not one per comment
    worker()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert "3 comments awaiting moderation" in email.subject
    assert all(body in email.body for body in bodies)
    assert email.to == [moderator.email]


def test_a_long_burst_lists_the_first_comments_and_counts_the_rest(
    a_published_article, moderator, worker, django_capture_on_commit_callbacks
):
    from comments import moderation

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(moderation.NOTIFY_LISTED + 2):
            held = Comment(
                article=a_published_article,
                name=f"Reader {n}",
                email=f"reader{n}@example.org",
                body=f"Held comment number {n}.",
            )
            moderation.receive(held, policy="hold_all")
    worker()
    (email,) = mail.outbox
    assert "22 comments awaiting moderation" in email.subject
    assert "Held comment number 0." in email.body and "Held comment number 19." in email.body
    assert "Held comment number 20." not in email.body
    assert "And 2 more: http" in email.body  # a link to the queue
    assert not Comment.objects.filter(moderators_notified_at=None).exists()


def test_each_held_comment_is_mailed_about_once(
    client, a_published_article, moderator, worker, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    hold_comments(client, a_published_article, capture, "Before the first email.")
    worker()
    hold_comments(client, a_published_article, capture, "After the first email.")
    worker()
    worker()  # nothing left to send
    assert [("Before" in m.body, "After" in m.body) for m in mail.outbox] == [
        (True, False),
        (False, True),
    ]


def test_a_comment_held_while_the_email_is_sent_gets_its_own(
    client, a_published_article, moderator, worker, django_capture_on_commit_callbacks
):
    """A run stops waiting before it reads: a comment held after it has read is not left
    for a run that never comes."""
    from comments import moderation

    capture = django_capture_on_commit_callbacks
    hold_comments(client, a_published_article, capture, "Held first.")
    sweep = moderation.notify_moderators

    def held_meanwhile():
        mailed = sweep()
        if not Comment.objects.filter(body="Held meanwhile.").exists():
            hold_comments(client, a_published_article, capture, "Held meanwhile.")
        return mailed

    with mock.patch.object(moderation, "notify_moderators", held_meanwhile):
        worker()
    worker()
    assert sorted("meanwhile" in m.body for m in mail.outbox) == [False, True]


def test_a_failed_task_is_retried_with_back_off_and_shown_to_staff(
    client, admin_client, a_published_article, moderator, worker, django_capture_on_commit_callbacks
):
    hold_a_comment(client, a_published_article, django_capture_on_commit_callbacks)
    with mock.patch("comments.moderation.send_mail", side_effect=ConnectionRefusedError):
        worker()
    failed = DBTaskResult.objects.get(task_path=NOTIFY, status="FAILED")
    assert "ConnectionRefusedError" in failed.traceback
    retry = DBTaskResult.objects.get(task_path=NOTIFY, status="READY")
    assert retry.args_kwargs["kwargs"] == {"_attempt": 2}
    wait = retry.run_after - failed.finished_at
    assert timedelta(seconds=25) < wait < timedelta(seconds=35)

    worker()  # too early: the retry waits for its time
    assert mail.outbox == [] and DBTaskResult.objects.filter(task_path=NOTIFY, status="READY")
    with time_machine.travel(retry.run_after + timedelta(seconds=1)):
        worker()
    assert len(mail.outbox) == 1

    # Staff see every attempt, the failure with its traceback.
    listing = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status=FAILED")
    assert listing.status_code == 200 and "notify_moderators" in listing.content.decode()
    detail = admin_client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/")
    assert "ConnectionRefusedError" in detail.content.decode()


def test_retries_stop_after_the_last_attempt(
    client, a_published_article, moderator, worker, django_capture_on_commit_callbacks
):
    hold_a_comment(client, a_published_article, django_capture_on_commit_callbacks)
    with mock.patch("comments.moderation.send_mail", side_effect=ConnectionRefusedError):
        for hours in range(1, 10):
            with time_machine.travel(timezone.now() + timedelta(hours=hours)):
                worker()
    assert DBTaskResult.objects.filter(task_path=NOTIFY, status="FAILED").count() == 5
    assert not DBTaskResult.objects.filter(task_path=NOTIFY, status="READY").exists()


@pytest.mark.parametrize("when", [datetime(2026, 3, 1, 14, 0, tzinfo=UTC)])
def test_the_worker_purges_old_commenter_addresses_every_night(a_published_article, worker, when):
    with time_machine.travel(when - timedelta(days=40)):
        old = CommentFactory(article=a_published_article, ip_address="203.0.113.7")
    with time_machine.travel(when, tick=False):
        recent = CommentFactory(article=a_published_article, ip_address="203.0.113.8")
        worker()  # schedules tonight's run
    tonight = DBTaskResult.objects.get(task_path="comments.tasks.purge_comment_metadata")
    assert tonight.run_after == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    old.refresh_from_db()
    assert old.ip_address == "203.0.113.7"  # not yet

    with time_machine.travel(tonight.run_after + timedelta(minutes=1)):
        worker()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None and old.user_agent == ""
    assert recent.ip_address == "203.0.113.8"
    following = DBTaskResult.objects.get(task_path=tonight.task_path, status="READY")
    assert following.run_after == datetime(2026, 3, 3, 3, 0, tzinfo=UTC)


def test_without_a_worker_tasks_run_at_once_and_worker_says_so(
    client, a_published_article, moderator, django_capture_on_commit_callbacks
):
    hold_a_comment(client, a_published_article, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # the embedded default: one process, nothing queued
    assert not DBTaskResult.objects.exists()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nothing for a worker to do"):
        call_command("worker", "--batch")


def test_old_task_results_are_pruned_every_night(worker):
    from newsroom.tasks import prune_task_results

    with time_machine.travel(datetime(2026, 3, 1, 12, 0, tzinfo=UTC), tick=False):
        worker()  # schedules the nightly runs
        for status in ("SUCCESSFUL", "FAILED"):
            for days in (1, 10, 40):
                DBTaskResult.objects.create(
                    task_path="comments.tasks.notify_moderators",
                    args_kwargs={"args": [1], "kwargs": {}},
                    backend_name="default",
                    run_after=timezone.now(),
                    status=status,
                    finished_at=timezone.now() - timedelta(days=days),
                )
    prune = DBTaskResult.objects.get(task_path=prune_task_results.module_path)
    assert prune.run_after == datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
    with time_machine.travel(prune.run_after + timedelta(minutes=1), tick=False):
        worker()
    kept = DBTaskResult.objects.filter(task_path=NOTIFY).order_by("status", "finished_at")
    assert [(t.status, (prune.run_after - t.finished_at).days) for t in kept] == [
        ("FAILED", 10),  # a failure stays visible to staff for a month
        ("FAILED", 1),
        ("SUCCESSFUL", 1),  # a success for a week
    ]
