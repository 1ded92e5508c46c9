"""A mail server that accepts connections but never answers delays a held comment's
post by at most the SMTP timeout; the comment is stored and the reader sees no error."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest
from django.test import Client

from comments.models import Comment
from tests.comments.helpers import comment_data, post_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_smtp():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield server.getsockname()[1]
    server.close()


def production_mail_settings(port):
    """MAILERS as newsroom/settings.py builds it for an SMTP server."""
    code = "import json; from newsroom import settings as s; print(json.dumps(s.MAILERS))"
    env = {
        **os.environ,
        "SECRET_KEY": "x",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_a_silent_mail_server_delays_a_post_by_the_timeout_only(
    settings, silent_smtp, a_published_article, moderator, django_capture_on_commit_callbacks
):
    settings.MAILERS = production_mail_settings(silent_smtp)
    timeout = settings.MAILERS["default"]["OPTIONS"]["timeout"]
    settings.COMMENTS = {**settings.COMMENTS, "POLICY": "hold_all", "NOTIFY_MODERATORS": True}
    start = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = Client().post(post_url(a_published_article), comment_data(a_published_article))
    seconds = time.monotonic() - start
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert callbacks  # the notification was attempted
    assert timeout <= 5
    assert timeout - 0.5 < seconds < timeout + 1.5, seconds
