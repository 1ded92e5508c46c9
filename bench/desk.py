"""
The moderation desk on the seeded database: issue 14's two server-side targets.

- The queue's first page (pending, 50 rows with each commenter's history, reports, bans
  and story holds) under 150 ms, with a fixed number of queries;
- one one-click decision (the desk's POST, as its script sends it) under 50 ms.

Measured in one process, through Django's whole middleware stack, with a moderator's
session: the server's own time, without the network or a browser. Each decision is a
real one that commits (and purges the article's pages after the commit); the comments
decided go back to the queue afterwards, outside the measurement.

    DATABASE_URL=postgres://.../newsroom_bench python -m bench.desk   # prints JSON
"""

import json
import os
import statistics
import time

QUEUE_TARGET_MS = 150
DECISION_TARGET_MS = 50


class QueryCounter:
    """Counts the SQL statements run inside it (request_started resets Django's own log)."""

    def __init__(self, connection):
        self.connection, self.count = connection, 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def timed(call, runs):
    """Wall time per call, and the app process's own CPU time: on a shared machine the
    first grows with everyone else's load, the second does not."""
    samples, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "app_cpu_p50_ms": round(statistics.median(cpu), 1),
    }


def main(runs=30):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from comments import moderation
    from comments.models import Comment

    moderator, _ = get_user_model().objects.get_or_create(
        username="bench-moderator", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(moderator)
    queue = reverse("admin:comments_comment_changelist")
    total = Comment.objects.count()
    pending = Comment.objects.pending().count()

    def first_page():
        response = client.get(queue)
        assert response.status_code == 200, response.status_code

    for _ in range(3):  # per-process caches: content types, the session, templates
        first_page()
    with QueryCounter(connection) as queries:
        first_page()
    queue_row = {**timed(first_page, runs), "queries": queries.count}

    decided = list(Comment.objects.pending().order_by("submitted_at")[: runs + 1])
    targets = iter(decided)

    def decide():
        comment = next(targets)
        response = client.post(
            reverse("admin:comments_comment_decide", args=[comment.pk]),
            {"decision": "approve"},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 200, response.status_code

    with QueryCounter(connection) as queries:
        decide()
    decision_row = {**timed(decide, runs), "queries": queries.count}
    moderation.decide_all(
        Comment.objects.filter(pk__in=[c.pk for c in decided]),
        Comment.Status.PENDING,
        by=moderator,
    )
    return {
        "load_average": os.getloadavg()[0],
        "comments": total,
        "pending": pending,
        "queue first page": {**queue_row, "target_ms": QUEUE_TARGET_MS},
        "one-click decision": {**decision_row, "target_ms": DECISION_TARGET_MS},
    }


def markdown(rows):
    lines = [
        "## Moderation desk (issue 14)",
        "",
        f"{rows['comments']:,} comments, {rows['pending']:,} pending; server time in one "
        "process through the whole middleware stack, a moderator's session (1-minute load "
        f"average {rows.get('load_average', 0):.1f} at the end).",
        "",
        "| measurement | SQL | p50 ms | p95 ms | max ms | app CPU p50 ms | target ms | met (p95) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in ("queue first page", "one-click decision"):
        row = rows[name]
        met = "yes" if row["p95_ms"] < row["target_ms"] else "NO"
        lines.append(
            f"| {name} | {row['queries']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['max_ms']} | {row.get('app_cpu_p50_ms', '–')} | {row['target_ms']} | {met} |"
        )
    return [*lines, ""]


if __name__ == "__main__":
    print(json.dumps(main()))
