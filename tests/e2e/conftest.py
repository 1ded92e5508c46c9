"""
Browser tests: Playwright driving Debian's Chromium against a live server.

Run them with `make e2e` (which installs what they need). Screenshots of each
journey's key screens go to test-artifacts/<test name>/.
"""

import os
import re
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("playwright")


ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
GUIDE_IMAGES = ROOT / "docs" / "guide" / "img"  # the staff guide's pictures, kept current
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


# Each browser test module starts with: pytestmark = E2E
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session", autouse=True)
def _orm_inside_playwright():
    """The tests' ORM calls run inside Playwright's event loop; allow them there only."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class _RequestsInFlight:
    """Counts the live server's requests between Django's request signals."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def started(self, **kwargs):
        with self.lock:
            self.count += 1

    def finished(self, **kwargs):
        with self.lock:
            self.count -= 1

    def wait_until_idle(self, quiet=0.1, timeout=10.0):
        """Return once no request has run for ``quiet`` seconds (or at ``timeout``)."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            if self.count > 0:
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since >= quiet:
                return
            time.sleep(0.01)


@pytest.fixture(scope="session")
def _requests_in_flight():
    from django.core.signals import request_finished, request_started

    requests = _RequestsInFlight()
    request_started.connect(requests.started)
    request_finished.connect(requests.finished)
    yield requests
    request_started.disconnect(requests.started)
    request_finished.disconnect(requests.finished)


@pytest.fixture(autouse=True)
def _server_idle_before_flush(_requests_in_flight):
    """Let the live server finish what the browser asked before the database is flushed.

    The live server starts before the test database exists, so its threads open their
    own connections to the shared-cache in-memory SQLite database. A request still
    running when a test ends (a page's own fetch, a late stylesheet) holds a table
    lock, and the flush then fails with "database table is locked". Set up after the
    database fixtures, so torn down before their flush, and after the page is closed.
    (Requesting ``transactional_db`` here would start the server after the database
    and share the test's connection with its threads, which Django then refuses.)"""
    yield
    _requests_in_flight.wait_until_idle()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _live_settings(settings):
    """The live server serves uploads itself, as a small site without nginx would."""
    settings.SERVE_MEDIA = True


@pytest.fixture
def site(live_server):
    """The live server's base URL."""
    return live_server.url


@pytest.fixture
def shot(request, page):
    """Save a numbered screenshot of the current page: shot("after-login")."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(name, target=None):
        path = folder / f"{next(counter):02d}-{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take


def guide_shot(page, name, target=None):
    """Save a picture for the staff guide (docs/guide/): taken by the journey that shows
    the screen, so the guide shows the admin as it is."""
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    (target or page).screenshot(path=str(GUIDE_IMAGES / f"{name}.png"))


def login(page, site, user):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")


@pytest.fixture
def axe_violations():
    """Run axe-core in the page; return its violations as (rule, targets) pairs."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE.relative_to(ROOT)}: run `make e2e`.")
    source = AXE.read_text()

    def run(page, within=None):
        """``within``: a CSS selector, to check only that part of the page."""
        page.add_script_tag(content=source)
        result = page.evaluate(
            "within => axe.run(within ? document.querySelector(within) : document, "
            "{resultTypes: ['violations']})",
            within,
        )
        return [
            (violation["id"], [node["target"] for node in violation["nodes"]][:3])
            for violation in result["violations"]
        ]

    return run
