import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import timezone

from articles import roles
from articles.models import Article
from comments.models import Comment
from comments.roles import MODERATORS
from newsroom.roles import sync_roles
from tests.factories import ArticleFactory, CommentFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads go to a temp dir; static files need no manifest; hashing is fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # One cache per test process (the file-based default is shared by xdist workers).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _browser_like_origin(monkeypatch):
    """Browsers send Origin with every form POST; the anonymous comment POST requires it
    (comments/samesite.py). Tests that check the refusal pass their own."""
    from django.test.client import RequestFactory

    base_environ = RequestFactory._base_environ

    def with_origin(self, **request):
        return base_environ(self, **{"HTTP_ORIGIN": "http://testserver", **request})

    monkeypatch.setattr(RequestFactory, "_base_environ", with_origin)


@pytest.fixture(autouse=True)
def _purge_at_save_in_rolled_back_tests(request, monkeypatch):
    """Tests on the ``db`` fixture run in one transaction that never commits, so nothing
    waiting for a commit would ever run: there, a purge happens at the save. Tests of the
    ordering itself use real transactions (``transactional_db``), where it does wait."""
    from newsroom import pagecache

    # One clock here: no margin for clock differences between servers.
    monkeypatch.setattr(pagecache, "CLOCK_MARGIN", 0)
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        return
    # A test marked django_db(transaction=True) commits too, without naming the fixture.
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction", marker.args[0] if marker.args else False):
        return

    monkeypatch.setattr(pagecache, "after_commit", lambda callback: callback())


def ensure_roles():
    """The role groups are synced after migrate (newsroom/roles.py); a test that
    deleted them gets them back."""
    if not Group.objects.filter(name=roles.EDITORS).exists():
        sync_roles()


def _member_of(group_name, username):
    ensure_roles()
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    """A staff user in the Editors group."""
    return _member_of(roles.EDITORS, "editor")


@pytest.fixture
def writer(db):
    """A staff user in the Writers group."""
    return _member_of(roles.WRITERS, "writer")


@pytest.fixture
def moderator(db):
    """A staff user in the Moderators group."""
    return _member_of(MODERATORS, "moderator")


@pytest.fixture
def superuser(db):
    """A superuser."""
    return UserFactory(username="admin", is_superuser=True)


@pytest.fixture
def a_published_article(db):
    """A published article, live since an hour ago."""
    return ArticleFactory(headline="Council approves budget", slug="council-approves-budget")


@pytest.fixture
def a_draft_article(db):
    """A draft nobody has published."""
    return ArticleFactory(
        headline="Unfinished draft",
        slug="unfinished-draft",
        status=Article.Status.DRAFT,
        published_at=None,
    )


@pytest.fixture
def a_scheduled_article(db):
    """A published article due tomorrow."""
    return ArticleFactory(
        headline="Tomorrow's story",
        slug="tomorrows-story",
        published_at=timezone.now() + timedelta(days=1),
    )


@pytest.fixture
def a_pending_comment(a_published_article):
    """A reader's comment waiting for moderation, with the reason it was held."""
    return CommentFactory(
        article=a_published_article,
        name="Ana Quispe",
        email="ana@example.org",
        body="Will the debates be on radio?",
        status=Comment.Status.PENDING,
        held_reason="Site policy: every comment is held for review.",
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Flood control lives in the cache: each test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def s3_server():
    """A real S3 API (moto's server) on a free 127.0.0.1 port; its endpoint URL."""
    moto_server = pytest.importorskip(
        "moto.server", reason="moto[server] is not installed ('make install' adds it)"
    )
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def public_read_policy(bucket):
    """What the README asks of a production bucket: anyone may read what is uploaded."""
    import json

    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch):
    """Uploads go to a fresh bucket on the local S3 server, configured as in production;
    returns a boto3 client and the bucket name."""
    from newsroom.storage import s3_storage

    for name, value in S3_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    client = s3_client(s3_server)
    client.create_bucket(Bucket=bucket)
    client.put_bucket_policy(Bucket=bucket, Policy=public_read_policy(bucket))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(bucket=bucket, endpoint_url=s3_server),
    }
    return client, bucket


@pytest.fixture
def redis_cache(settings):
    """The production cache backend (with its circuit breaker) on the local Redis, under a
    prefix of its own (skipped without Redis on 127.0.0.1:6379)."""
    from tests.multi.cluster import redis_up

    if not redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.CircuitBreakerRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/12",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # nothing shared with another run
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    yield
    caches["default"].delete_pattern("*")  # this test's keys only: the prefix is its own
