"""
Two app servers, one PostgreSQL and one Redis: what one does, the other shows at once.

Starts two gunicorn instances on 127.0.0.1 against the test database. Runs in CI
(`.ci/run`) with NEWSROOM_MULTI=1 on PostgreSQL with Redis on 127.0.0.1:6379.
"""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from comments.models import Comment
from tests.factories import ArticleFactory, CategoryFactory, UserFactory
from tests.faults.http import Reader
from tests.multi import cluster

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/14"
PORTS = (8811, 8812)


pytestmark = cluster.marks()


@pytest.fixture
def shared_cache(settings):
    """This test process uses the servers' Redis, so its invalidations reach them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "newsroom",
        }
    }
    from django.core.cache import cache

    cache.clear()
    settings.COMMENTS = {"MIN_SECONDS": 0}
    # The servers only know the production hashers; users made after this can log in.
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture
def servers(shared_cache, settings):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "*",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": REDIS,
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                # Two instances on one machine: gunicorn 27's default control socket
                # (~/.gunicorn/gunicorn.ctl) would be shared; neither needs one.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in PORTS
    ]
    try:
        for port in PORTS:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in PORTS]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def log_in(base, user):
    admin = Reader(base)
    _, page = admin.request("/admin/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    status, _ = admin.request(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": csrf,
            "username": user.username,
            "password": "correct horse battery staple",
            "next": "/admin/",
        },
    )
    assert status == 302
    return admin


def admin_action(admin, path, action, pk):
    _, page = admin.request(path)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    return admin.request(
        path, {"csrfmiddlewaretoken": csrf, "action": action, "_selected_action": pk, "index": "0"}
    )[0]


def test_a_comment_posted_on_one_and_approved_on_the_other_shows_on_both(servers, moderator):
    one, two = servers
    article = ArticleFactory(headline="Shared story")
    path = article.get_absolute_url()
    for base in servers:  # both servers now hold the page in the shared cache
        assert "No Comments" in Reader(base).request(path)[1]
    status = Reader(one).post_comment(
        path,
        name="Ana",
        email="ana@example.org",
        body="Posted through server one",
        typing_seconds=3.1,
    )
    assert status == 302
    comment = Comment.objects.get()
    admin = log_in(two, moderator)
    assert admin_action(admin, "/admin/comments/comment/", "approve", comment.pk) == 302
    comment.refresh_from_db()
    assert comment.status == "approved", comment.held_reason
    for base in servers:
        page = Reader(base).request(path)[1]
        assert "Posted through server one" in page and "One Comment" in page


def test_flood_control_holds_across_both_servers(servers):
    one, two = servers
    article = ArticleFactory()
    path = article.get_absolute_url()
    ana = {"name": "Ana", "email": "ana@example.org", "typing_seconds": 3.1}
    assert Reader(one).post_comment(path, body="First", **ana) == 302
    again = Reader(two)
    assert again.post_comment(path, body="Second", **ana) == 302
    assert again.location.endswith("#comment-form")  # back to the form, text kept
    assert "too quickly" in again.request(path)[1]
    assert Comment.objects.count() == 1


def test_the_api_rate_limit_holds_across_both_servers(servers):
    """The anonymous limit (API_RATE_LIMIT, 60 a minute) counts in Redis: requests split
    between two servers, each with two worker processes, add up to one total."""
    import urllib.error

    from api.ratelimit import WINDOW_SECONDS

    if time.time() % WINDOW_SECONDS > WINDOW_SECONDS - 20:  # not across a window's end
        time.sleep(WINDOW_SECONDS - time.time() % WINDOW_SECONDS + 0.1)

    def status(base):
        try:
            with urllib.request.urlopen(f"{base}/api/v1/sections", timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    answered = [status(servers[n % 2]) for n in range(60)]
    assert answered == [200] * 60
    assert status(servers[0]) == 429
    assert status(servers[1]) == 429


def test_publishing_on_one_server_refreshes_the_front_page_on_both(servers, editor):
    one, two = servers
    ArticleFactory(headline="Older story")
    draft = ArticleFactory(  # complete enough for the pre-publish checklist
        headline="Breaking: the bridge reopens",
        status="draft",
        published_at=None,
        categories=[CategoryFactory()],
        byline="Andina staff",
    )
    for base in servers:
        page = Reader(base).request("/")[1]
        assert "Older story" in page and "Breaking" not in page
    admin = log_in(two, editor)
    assert admin_action(admin, "/admin/articles/article/", "publish_now", draft.pk) == 302
    for base in servers:
        assert "Breaking: the bridge reopens" in Reader(base).request("/")[1]


@pytest.fixture
def editor():
    from django.contrib.auth.models import Group

    from tests.conftest import ensure_roles

    ensure_roles()
    user = UserFactory(username="multi-editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user
