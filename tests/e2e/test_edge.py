"""Through Varnish: what editors, moderators and readers do reaches the edge at once.

Varnish (Debian's package, with the xkey vmod) runs the repo's `edge/varnish.vcl` in front
of the live server; the app purges it after each commit.
"""

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from comments import moderation
from comments.models import Comment
from newsroom import edge
from tests.e2e.conftest import E2E, ROOT
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = [
    *E2E,
    pytest.mark.skipif(not shutil.which("varnishd"), reason="needs varnishd (apt: varnish)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(live_server, settings, tmp_path):
    """Varnish on a free port in front of the live server; the app purges it."""
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = (ROOT / "edge" / "varnish.vcl").read_text()
    vcl = vcl.replace('.port = "8000"', f'.port = "{backend_port}"')
    (tmp_path / "site.vcl").write_text(vcl)
    port = free_port()
    pid_file = tmp_path / "varnishd.pid"
    subprocess.run(
        [
            "varnishd",
            "-a", f"127.0.0.1:{port}",
            "-f", str(tmp_path / "site.vcl"),
            "-n", str(tmp_path / "work"),
            "-P", str(pid_file),
            "-s", "malloc,64m",
            "-p", "default_grace=0",
            "-j", "none",  # no privilege drop: it reads the VCL from pytest's private tmp
        ],
        check=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    settings.EDGE_CACHE_SERVERS = [url]
    for _ in range(50):
        try:
            urllib.request.urlopen(f"{url}/robots.txt", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    edge.wait(5)
    subprocess.run(["kill", Path(pid_file).read_text().strip()], check=False)


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode(), response.headers


def within_a_second(url, predicate):
    """Fetch ``url`` until ``predicate(body)`` holds; fail after a second."""
    deadline = time.monotonic() + 1.0
    while True:
        body, headers = fetch(url)
        if predicate(body):
            return body, headers
        assert time.monotonic() < deadline, f"{url} still stale after a second"
        time.sleep(0.05)


def test_changes_reach_readers_through_varnish_within_a_second(varnish, settings):
    settings.COMMENTS = {"MIN_SECONDS": 0}
    story = ArticleFactory(headline="Coca crop survey published")
    held = CommentFactory(article=story, status="pending", body="A held remark on the survey")
    CommentFactory(article=story, email="erase@example.org", body="Please erase my words")
    moderator = UserFactory(username="mod", is_staff=True)
    page = f"{varnish}{story.get_absolute_url()}"

    fetch(f"{varnish}/")
    body, headers = fetch(f"{varnish}/?utm_source=newsletter")
    assert headers["X-Edge-Cache"] == "hit"  # tracking parameters share the object
    assert "xkey" not in headers

    ArticleFactory(headline="Court rules on the Áncash mine")  # published now, committed
    within_a_second(f"{varnish}/", lambda body: "Court rules on the Áncash mine" in body)

    fetch(page)
    assert fetch(page)[1]["X-Edge-Cache"] == "hit"
    moderation.approve(held, by=moderator)
    within_a_second(page, lambda body: "A held remark on the survey" in body)

    call_command("comments_by_email", "erase@example.org", "--erase")
    body, _ = within_a_second(page, lambda body: "Please erase my words" not in body)
    # The "Latest" box was assembled by Varnish from its own cached fragment.
    assert "Court rules on the Áncash mine" in body and "<esi:include" not in body


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    yield context.new_page()
    context.close()


def test_comment_form_works_through_varnish_without_javascript(varnish, no_js_page, shot, settings):
    settings.COMMENTS = {"MIN_SECONDS": 0}
    story = ArticleFactory(headline="Water rights in Puno")
    url = f"{varnish}{story.get_absolute_url()}"
    fetch(url)
    assert fetch(url)[1]["X-Edge-Cache"] == "hit"  # the reader gets the shared copy

    page = no_js_page
    page.goto(url)
    page.fill("#id_body", "Sent through the edge cache, without JavaScript.")
    page.fill("#id_name", "Rosa Mamani")
    page.fill("#id_email", "rosa@example.org")
    page.click(".comment-form button[type=submit]")
    page.wait_for_load_state()
    shot("after-posting", page)
    assert "Your comment is awaiting moderation." in page.content()
    assert Comment.objects.get().body == "Sent through the edge cache, without JavaScript."
    # Other readers still get the shared page, without the held comment.
    body, headers = fetch(url)
    assert "Sent through the edge cache" not in body
