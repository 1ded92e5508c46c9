"""
Scale-out: two app servers and one task worker on shared PostgreSQL, Redis and S3.

Each gunicorn instance and the worker is a separate process (a separate machine as
far as the app can tell): they share nothing but the database, the cache and the
object store (moto's S3 server on a free 127.0.0.1 port). Runs in CI (`.ci/run`)
with NEWSROOM_MULTI=1 on PostgreSQL with Redis on 127.0.0.1:6379.
"""

import io
import json
import os
import re
import urllib.request
import uuid

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from newsroom.storage import s3_storage
from tests.articles.images import tiny_png
from tests.conftest import S3_CREDENTIALS, public_read_policy, s3_client
from tests.factories import ArticleFactory, UserFactory
from tests.faults.http import Reader
from tests.multi import cluster

REDIS = os.environ.get("NEWSROOM_MULTI_REDIS_URL", "redis://127.0.0.1:6379/13")
NOTIFY = "comments.tasks.notify_moderators"


pytestmark = cluster.marks()


@pytest.fixture
def shared(settings, s3_server, tmp_path, monkeypatch):
    """What the machines share: this test's database, a Redis database, a bucket, a mailbox."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "newsroom",
        }
    }
    from django.core.cache import cache

    cache.clear()
    # The servers only know the production hashers; users made after this can log in.
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    s3 = s3_client(s3_server)
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_policy(Bucket=bucket, Policy=public_read_policy(bucket))
    # This process reads articles as the servers do (their image dimensions, from S3).
    for name, value in S3_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(bucket=bucket, endpoint_url=s3_server),
    }
    db = connection.settings_dict
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    (tmp_path / "logs").mkdir()
    env = cluster.environment(
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=REDIS,
        LOG_LEVEL="INFO",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=s3_server,
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mailbox),
        COMMENTS_POLICY="hold_all",
        **S3_CREDENTIALS,
    )
    return {"env": env, "logs": tmp_path / "logs", "mailbox": mailbox, "bucket": bucket}


@pytest.fixture
def machines(shared, settings):
    """Two app servers and a worker, started; stopped (whatever is left) afterwards."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=cluster.ROOT,
        env=shared["env"],
        check=True,
    )
    one = cluster.app_server(shared["env"], shared["logs"], "app-one")
    two = cluster.app_server(shared["env"], shared["logs"], "app-two")
    work = cluster.worker(shared["env"], shared["logs"])
    try:
        for server in (one, two):
            cluster.wait_until_up(server)
        yield one, two, work
    finally:
        for process in (one, two, work):
            process.stop()


def mails(mailbox):
    return "\n".join(path.read_text(errors="replace") for path in sorted(mailbox.iterdir()))


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


def upload(admin, path, fields, file_field, filename, content):
    """POST a multipart form, as a browser sends a file upload."""
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    body.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        admin.base_url + path,
        data=body.getvalue(),
        headers={
            **admin.headers,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": admin.base_url + path,
        },
    )
    try:
        with admin.opener.open(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def moderator_with_email():
    from django.contrib.auth.models import Group

    from tests.conftest import ensure_roles

    ensure_roles()
    user = UserFactory(username="multi-moderator", email="desk@example.org")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_an_image_uploaded_through_one_server_is_shown_by_the_other(machines, shared):
    one, two, _ = machines
    article = ArticleFactory(headline="Bridge reopens", slug="bridge-reopens")
    admin = log_in(one.url, UserFactory(username="multi-admin", is_superuser=True))
    change = f"/admin/articles/article/{article.pk}/change/"
    _, form = admin.request(change)
    # Every hidden input the form carries: the CSRF token, inline management forms, the
    # revision the editor started from.
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    image = tiny_png(size=(12, 9))
    status = upload(
        admin,
        change,
        {
            **hidden,
            "headline": article.headline,
            "slug": article.slug,
            "status": "published",
            "published_at_0": article.published_at.strftime("%Y-%m-%d"),
            "published_at_1": article.published_at.strftime("%H:%M:%S"),
            "allow_comments": "on",
            "image_alt": "The bridge at dawn",
        },
        "image",
        "bridge.png",
        image,
    )
    assert status == 302, one.output()
    article.refresh_from_db()
    assert article.image.name.startswith("articles/")

    response = urllib.request.urlopen(two.url + article.get_absolute_url(), timeout=10)
    page = response.read().decode()
    bucket = f"{shared['env']['AWS_S3_ENDPOINT_URL']}/{shared['bucket']}/"
    url = bucket + article.image.name
    # The upload itself, or a rendition of it once the worker has made them: either way a
    # file in the shared bucket, which server two had never seen.
    shown = re.search(r'<img src="([^"]+)"', page)
    assert shown and shown[1].startswith(bucket), page
    assert urllib.request.urlopen(shown[1], timeout=10).read()
    img_src = re.search(r"img-src ([^;]+)", response.headers["Content-Security-Policy"])[1]
    assert shared["env"]["AWS_S3_ENDPOINT_URL"] in img_src.split()  # the browser may load it
    assert urllib.request.urlopen(url, timeout=10).read() == image  # as a reader's browser
    for server in (one, two):
        health = json.load(urllib.request.urlopen(f"{server.url}/health/", timeout=10))
        assert health["checks"] == {"database": "ok", "cache": "ok", "storage": "ok"}


def test_a_comment_held_on_one_server_is_emailed_by_the_worker(
    machines, shared, moderator_with_email
):
    one, _, work = machines
    article = ArticleFactory(headline="Budget vote")
    status = Reader(one.url).post_comment(
        article.get_absolute_url(),
        name="Ana",
        email="ana@example.org",
        body="Held on server one, mailed by the worker",
        typing_seconds=3.1,
    )
    assert status == 302
    assert Comment.objects.get().status == "pending"
    assert cluster.eventually(
        lambda: "Held on server one, mailed by the worker" in mails(shared["mailbox"])
    ), work.output()
    assert "desk@example.org" in mails(shared["mailbox"])
    task = DBTaskResult.objects.get(task_path=NOTIFY)
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids and "Starting worker" in work.output()  # run by the worker


def test_stopping_the_worker_loses_no_task(machines, shared, moderator_with_email):
    one, two, work = machines
    work.stop()
    article = ArticleFactory(headline="Night shift")
    status = Reader(two.url).post_comment(
        article.get_absolute_url(),
        name="Ben",
        email="ben@example.org",
        body="Posted while the worker was down",
        typing_seconds=3.1,
    )
    assert status == 302
    assert not cluster.eventually(lambda: any(shared["mailbox"].iterdir()), timeout=3)
    assert DBTaskResult.objects.get(task_path=NOTIFY).status == "READY"  # waiting, kept

    back = cluster.worker(shared["env"], shared["logs"], "worker-again")
    try:
        assert cluster.eventually(
            lambda: "Posted while the worker was down" in mails(shared["mailbox"])
        ), back.output()
    finally:
        back.stop()
    assert DBTaskResult.objects.get(task_path=NOTIFY).status == "SUCCESSFUL"


def test_stopping_one_app_server_leaves_the_other_serving(machines):
    one, two, _ = machines
    article = ArticleFactory(headline="Still here")
    one.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(one.url + "/health/", timeout=5)
    for path in ("/health/", article.get_absolute_url(), "/"):
        assert urllib.request.urlopen(two.url + path, timeout=10).status == 200
    status = Reader(two.url).post_comment(
        article.get_absolute_url(),
        name="Cy",
        email="cy@example.org",
        body="Via two",
        typing_seconds=3.1,
    )
    assert status == 302
    assert Comment.objects.filter(body="Via two").exists()
