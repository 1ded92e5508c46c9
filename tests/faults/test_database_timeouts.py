"""A locked table or a runaway query: web requests give up fast with a 503 that asks to
retry, cached pages are still served, and management commands may wait (PostgreSQL only)."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db,
]

LOCK_SECONDS = getattr(settings, "DATABASE_LOCK_TIMEOUT_MS", 2000) / 1000


@pytest.fixture
def lock_table():
    """Hold an ACCESS EXCLUSIVE lock from a second connection, as a long migration does."""
    params = connection.get_connection_params()
    params.pop("options", None)
    other = psycopg2.connect(**params)
    other.autocommit = False

    def lock(*tables):
        with other.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")  # never hang the test itself
            for table in tables:
                cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")

    # Let go after a while even if the app would wait for ever (as it did without timeouts).
    release = threading.Timer(LOCK_SECONDS + 5, other.rollback)
    release.start()
    yield lock
    release.cancel()
    other.rollback()
    other.close()


def timed_get(url):
    start = time.monotonic()
    response = Client(raise_request_exception=False).get(url)
    return response, time.monotonic() - start


def test_web_connections_carry_the_timeouts():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == f"{settings.DATABASE_LOCK_TIMEOUT_MS}ms".replace(
            "000ms", "s"
        )


def test_a_locked_table_gives_a_quick_503_with_retry_after(a_published_article, lock_table):
    lock_table("comments_comment")
    response, seconds = timed_get(a_published_article.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "be back in a moment" in response.content.decode()
    assert seconds < LOCK_SECONDS + 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # holds no locks itself
def test_cached_pages_are_served_while_tables_are_locked(a_published_article, lock_table):
    url = a_published_article.get_absolute_url()
    assert timed_get(url)[0]["X-Page-Cache"] == "miss"
    lock_table("comments_comment", "articles_article")
    response, seconds = timed_get(url)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")
    assert seconds < 1


def database_url():
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{port}/{db['NAME']}"


def test_management_commands_have_no_web_timeouts():
    manage = Path(settings.BASE_DIR) / "manage.py"
    shown = subprocess.run(
        [
            sys.executable,
            str(manage),
            "shell",
            "-c",
            "from django.db import connection; c = connection.cursor(); "
            "c.execute('SHOW lock_timeout'); print(c.fetchone()[0])",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "DATABASE_URL": database_url()},
    )
    assert shown.stdout.split()[-1] == "0"
