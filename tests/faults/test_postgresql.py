"""Concurrency, restarts and backups against a real PostgreSQL server (skipped elsewhere)."""

import os
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory
from tests.faults.http import Reader

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def open_comments(settings):
    """No bot-timing or flood limits: these tests post as fast as they can, on purpose."""
    settings.COMMENTS = {
        "MIN_SECONDS": 0,
        "FLOOD_SECONDS": 0,
        "POLICY": "approve_clean",
        "NOTIFY_MODERATORS": False,
        "SURGE_COMMENTS": 0,  # a rush is what these tests are; surge protection would hold it
    }
    return ArticleFactory(headline="A story everyone talks about")


def test_two_identical_comments_at_the_same_instant_store_one(live_server, open_comments):
    path = open_comments.get_absolute_url()
    readers = [Reader(live_server.url), Reader(live_server.url)]
    forms = [reader.comment_form(path) for reader in readers]
    assert all(hidden for _, hidden in forms)
    start = threading.Barrier(2)

    def post(index):
        action, hidden = forms[index]
        start.wait()
        return readers[index].request(
            action,
            {
                **hidden,
                "name": "Ana",
                "email": "ana@example.org",
                "body": "Exactly this.",
                "parent": "",
                "phone": "",
            },
        )[0]

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(post, range(2)))
    assert statuses == [302, 302]  # one to the comment, one back to its form
    assert Comment.objects.filter(body="Exactly this.").count() == 1
    pages = [reader.request(path)[1] for reader in readers]
    # The loser is told why: a duplicate, or (both posted the one cached form, whose
    # token takes one comment per commenter) a form already used.
    told = ("Duplicate comment detected", "already been used")
    assert sum(any(reason in page for reason in told) for page in pages) == 1


def test_200_concurrent_posts_from_20_clients_store_exactly_200(live_server, open_comments):
    path = open_comments.get_absolute_url()

    def client(number):
        reader = Reader(live_server.url)
        outcomes = []
        for post in range(10):
            status = reader.post_comment(
                path,
                name=f"Reader {number}",
                email=f"r{number}@example.org",
                body=f"Comment {post} from reader {number}",
            )
            outcomes.append((status, reader.location and "#comment-form" in reader.location))
        return outcomes

    with ThreadPoolExecutor(20) as pool:
        outcomes = [outcome for batch in pool.map(client, range(20)) for outcome in batch]
    assert outcomes.count((302, False)) == 200, outcomes  # each one taken, none sent back
    assert Comment.objects.filter(article=open_comments).count() == 200
    open_comments.refresh_from_db()
    assert open_comments.approved_comment_count == 200


@pytest.mark.skipif(
    not os.environ.get("NEWSROOM_RESTART_DB"),
    reason="restarts the PostgreSQL cluster: set NEWSROOM_RESTART_DB=1",
)
def test_the_app_recovers_by_itself_after_postgresql_restarts(live_server, open_comments):
    path = open_comments.get_absolute_url()
    reader = Reader(live_server.url)
    assert reader.request(path)[0] == 200  # the server thread now holds a connection
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    restart = threading.Thread(
        target=subprocess.run,
        args=(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],),
        kwargs={"check": True, "timeout": 60},
    )
    restart.start()
    outcomes = []
    try:
        deadline = time.monotonic() + 30
        while (restart.is_alive() or len(outcomes) < 5) and time.monotonic() < deadline:
            outcomes.append(
                Reader(live_server.url).post_comment(
                    path,
                    name="Ana",
                    email=f"ana{len(outcomes)}@example.org",
                    body=f"Comment during the restart, number {len(outcomes)}",
                )
            )
            time.sleep(0.2)
        restart.join()
        assert set(outcomes) <= {302, 503}, outcomes
        assert reader.request(path)[0] == 200  # recovered, with no restart of the app
    finally:
        connection.close()  # this test's own connection died with the server
    stored = Comment.objects.filter(body__startswith="Comment during the restart").count()
    assert stored == outcomes.count(302)  # no comment half-written, none lost after a 302


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump and pg_restore")
def test_pg_dump_and_pg_restore_round_trip(tmp_path, open_comments):
    from django.core.files.base import ContentFile

    from tests.articles.images import tiny_png

    open_comments.tags.add("Elections")
    open_comments.image.save("photo.png", ContentFile(tiny_png()), save=True)
    CommentFactory(article=open_comments, status="approved", body="Kept")
    CommentFactory(article=open_comments, status="spam", body="Spam kept as spam")
    settings_dict = connection.settings_dict
    dump = tmp_path / "newsroom.dump"
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    target = f"{settings_dict['NAME']}_restore"
    common = [
        "-h",
        settings_dict["HOST"] or "127.0.0.1",
        "-p",
        str(settings_dict["PORT"] or 5432),
        "-U",
        settings_dict["USER"],
    ]
    subprocess.run(
        ["pg_dump", *common, "-Fc", "-f", str(dump), settings_dict["NAME"]], check=True, env=env
    )
    subprocess.run(["dropdb", *common, "--if-exists", target], check=True, env=env)
    subprocess.run(["createdb", *common, target], check=True, env=env)
    try:
        subprocess.run(["pg_restore", *common, "-d", target, str(dump)], check=True, env=env)
        query = (
            "SELECT a.headline, a.image, a.approved_comment_count, "
            "(SELECT string_agg(t.name, ',') FROM taggit_tag t JOIN articles_taggedarticle x "
            " ON x.tag_id = t.id WHERE x.content_object_id = a.id), "
            "(SELECT string_agg(c.status || ':' || c.body, '|' ORDER BY c.id) "
            " FROM comments_comment c WHERE c.article_id = a.id) FROM articles_article a"
        )
        result = subprocess.run(
            ["psql", *common, "-d", target, "-AtF", "\t", "-c", query],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        headline, image, count, tags, comments = result.stdout.strip().split("\t")
        assert headline == open_comments.headline
        assert image == open_comments.image.name and Path(open_comments.image.path).exists()
        assert (count, tags) == ("1", "Elections")
        assert comments == "approved:Kept|spam:Spam kept as spam"
    finally:
        subprocess.run(["dropdb", *common, "--if-exists", target], env=env)
