"""
Background work through Django's tasks framework (``django.tasks``).

An app's tasks live in its ``tasks.py``. Each is a module-level function decorated
with ``background()``, takes only JSON-serialisable arguments (ids and names, never
model instances: the worker reads the row as it is when the task runs), and is
enqueued once the surrounding transaction has committed:

    from newsroom.tasks import background, enqueue_after_commit

    @background()
    def notify_moderators(comment_id): ...

    enqueue_after_commit(notify_moderators, comment.pk)

Where it runs depends on TASKS_BACKEND. The embedded default ("immediate") runs a task
in the process that enqueues it, right after the commit, so one process is enough for
``make run``. With "database" (django-tasks-db) the task is a row in the database and
``manage.py worker`` runs it on any machine: a task outlives the web process that
enqueued it and a worker that is stopped, and every attempt, with the traceback of a
failure, is listed in the admin under "Task results".

A task that raises is tried again later, up to ``attempts`` times, waiting
``backoff_seconds`` × 2ⁿ between attempts (on a backend that can defer; the immediate
one logs the failure and moves on). Tasks must therefore be safe to run twice.

A task that sweeps up whatever is due (email the moderators about every comment held
since the last email) is enqueued with ``enqueue_sweep_after_commit``: at most one run
of it waits at a time, so a burst of a thousand held comments costs a few runs, not a
thousand. Such a task is declared with ``background(sweep=True)``.

Housekeeping that runs every day registers from an ``AppConfig.ready()``:

    daily(purge_comment_metadata, at=time(3, 0))

and the worker keeps exactly one future run of each scheduled.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.tasks import task, task_backends
from django.tasks.signals import task_finished
from django.utils import timezone

logger = logging.getLogger(__name__)

ATTEMPT = "_attempt"  # the keyword argument that carries a retry's number


def background(*, attempts=5, backoff_seconds=30, sweep=False, **task_options):
    """Decorate a module-level function as a task retried with exponential back-off.

    ``sweep``: the task takes no arguments and handles everything due when it runs; it
    is enqueued with ``enqueue_sweep_after_commit``.
    """

    def decorate(func):
        def run(context, *args, **kwargs):
            attempt = kwargs.pop(ATTEMPT, 1)
            if sweep:
                # Before reading what is due: a change committed from now on enqueues
                # another run, and one committed before it is seen by this run.
                cache.delete(_waiting_key(context.task_result.task))
            try:
                return func(*args, **kwargs)
            except Exception:
                this = context.task_result.task
                if attempt < attempts and this.get_backend().supports_defer:
                    delay = timedelta(seconds=backoff_seconds * 2 ** (attempt - 1))
                    this.using(run_after=timezone.now() + delay).enqueue(
                        *args, **kwargs, **{ATTEMPT: attempt + 1}
                    )
                    logger.warning(
                        "Task %s failed (attempt %d of %d); retrying in %s",
                        this.name,
                        attempt,
                        attempts,
                        delay,
                    )
                raise  # recorded as a failed attempt, with its traceback

        # The task's identity (its import path) is the decorated function's.
        for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(run, attribute, getattr(func, attribute))
        return task(takes_context=True, **task_options)(run)

    return decorate


def enqueue_after_commit(task_, *args, **kwargs):
    """Enqueue once the current transaction commits (at once outside one).

    Until then the rows a task reads may not exist for other connections, and a
    rolled-back change must not send an email. A failure to enqueue is logged, not
    raised: what the user submitted is already stored.
    """
    transaction.on_commit(partial(task_.enqueue, *args, **kwargs), robust=True)


SWEEP_WAITING_SECONDS = 5 * 60  # a run that never started stops blocking others then


def _waiting_key(task_):
    return f"tasks:sweep-waiting:{task_.module_path}"


def enqueue_sweep_after_commit(task_):
    """After the commit, enqueue a run of the sweep task ``task_`` unless one is waiting.

    The change being committed is then handled by the waiting run, which has not read
    yet (``background(sweep=True)``). Without the cache, every call enqueues a run:
    slower, never wrong.
    """

    def enqueue():
        key = _waiting_key(task_)
        if cache.add(key, 1, timeout=SWEEP_WAITING_SECONDS) is False:
            return  # a waiting run will see this change
        try:
            task_.enqueue()
        except Exception:
            cache.delete(key)  # the next change tries again
            raise

    transaction.on_commit(enqueue, robust=True)


# Daily housekeeping.

_daily = {}  # task import path -> (task, local time of day)


def daily(task_, *, at):
    """Run ``task_`` (no arguments) every day at ``at``, local time, on the worker."""
    _daily[task_.module_path] = (task_, at)


def next_run(at, now=None):
    """The next moment, after ``now``, when the local clock shows ``at``."""
    now = timezone.localtime(now)
    candidate = datetime.combine(now.date(), at, tzinfo=now.tzinfo)
    if candidate <= now:
        candidate = datetime.combine(now.date() + timedelta(days=1), at, tzinfo=now.tzinfo)
    return candidate


def schedule_daily_tasks():
    """Make sure each daily task has one future run waiting; return those enqueued."""
    from django_tasks_db.models import DBTaskResult

    enqueued = []
    for path, (task_, at) in _daily.items():
        if not isinstance(task_.get_backend(), _database_backend()):
            continue
        waiting = DBTaskResult.objects.filter(task_path=path, status="READY")
        if not waiting.exists():
            enqueued.append(task_.using(run_after=next_run(at)).enqueue())
    return enqueued


def _database_backend():
    from django_tasks_db import DatabaseBackend

    return DatabaseBackend


def uses_worker():
    """Whether tasks wait for ``manage.py worker`` rather than running at once."""
    return isinstance(task_backends["default"], _database_backend())


@background()
def prune_task_results():
    """Nightly: forget successful tasks after a week and failed ones after a month."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    finished = DBTaskResult.objects.finished()
    return (
        finished.filter(status="SUCCESSFUL", finished_at__lt=now - timedelta(days=7)).delete()[0]
        + finished.filter(status="FAILED", finished_at__lt=now - timedelta(days=30)).delete()[0]
    )


def _schedule_next_day(sender, task_result, **kwargs):
    if task_result.task.module_path in _daily:
        schedule_daily_tasks()


task_finished.connect(_schedule_next_day, dispatch_uid="newsroom-daily-tasks")
