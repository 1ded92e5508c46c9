"""
The benchmark: the production configuration under wrk, on 127.0.0.1 only.

Seeds (or reuses) the large dataset, starts the app under gunicorn (and, for the
server comparison, gunicorn gthread and granian), warms each page up, drives it
with wrk at 1 and 16 connections, and writes a Markdown table and JSON to
bench/results/. Every figure is also given as a share of the static-file ceiling
measured in the same run. Then the delivery rows (bench/delivery.py): Varnish, the
app's page cache and re-renders after changes, each as a share of nginx or of a trivial
Django view, against issue 10's targets.

    make bench                      # everything (about 20 minutes on 2 cores)
    python -m bench.run --quick     # fewer pages, shorter runs
    make bench BENCH_ARGS="--only delivery --articles 3000 --comments 30000 --duration 5"
    make bench BENCH_ARGS="--only wordpress"   # issue 17: 10,000 posts, 100,000 comments
    make bench BENCH_ARGS="--only desk"   # the moderation desk over 1,000,000 comments
"""

import argparse
import functools
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import delivery, desk, wordpress
from bench.wrk import drive

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


PORT = free_port()  # the app server under test; chosen afresh by every run
WARM_UP = 3  # seconds of wrk before each measurement
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"  # a database of its own, flushed per run

SERVERS = {
    "gunicorn-sync": [
        PYTHON,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        "-b",
        f"{HOST}:{PORT}",
        "--no-control-socket",  # gunicorn 27's shared ~/.gunicorn/gunicorn.ctl
        "-w",
        "5",
        "--worker-class",
        "sync",
        "--no-control-socket",  # gunicorn 27: several instances must not share one
    ],
    "gunicorn-gthread": [
        PYTHON,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        "-b",
        f"{HOST}:{PORT}",
        "--no-control-socket",  # gunicorn 27's shared ~/.gunicorn/gunicorn.ctl
        "-w",
        "3",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--no-control-socket",
    ],
    "granian": [
        PYTHON,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        HOST,
        "--port",
        str(PORT),
        "--workers",
        "3",
        "--blocking-threads",
        "2",
        "newsroom.wsgi:application",
    ],
}

POST_LUA = """
-- Every thread gets its own id: without it each thread would send the same
-- "unique" comments, and the duplicate and flood checks would (rightly) refuse them.
local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end
function init(args)
  -- Each wrk run gets its own block of addresses: warm-up and measurement follow
  -- each other within the 15-second flood window.
  block = (tonumber(args[1]) * 4 + id) % 250
  math.randomseed(block * 7919 + os.time())
  sent = 0
end
request = function()
  sent = sent + 1
  local n = id .. "-" .. sent .. "-" .. math.random(1, 1000000000)
  local body = "token={token}&name=Bench&parent=&phone=" ..
    "&email=bench" .. n .. "%40example.org&body=Benchmark+comment+" .. n
  local headers = {{}}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  -- As a browser posts the form of a shared page: no CSRF cookie, the page's signed
  -- token, and the site's own Origin (comments/samesite.py).
  headers["Origin"] = "http://{host}:{port}"
  headers["Referer"] = "http://{host}:{port}/"
  -- A distinct address per request (flood control allows one post per address per 15 s).
  headers["X-Forwarded-For"] = "10." .. block .. "." .. (math.floor(sent / 250) % 256) .. "." ..
    (sent % 250 + 1)
  return wrk.format("POST", "{path}", headers, body)
end
"""


def main():
    global WARM_UP
    parser = argparse.ArgumentParser(description="Benchmark the production configuration.")
    parser.add_argument("--quick", action="store_true", help="fewer pages, 5 s runs")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--servers", default="gunicorn-sync,gunicorn-gthread,granian")
    parser.add_argument("--label", default="")
    parser.add_argument("--scenarios", default="", help="comma-separated subset to run")
    parser.add_argument(
        "--seed", default="", metavar="ARTICLES,COMMENTS", help="a smaller seed than 100k,1M"
    )
    parser.add_argument(
        "--only",
        choices=("servers", "delivery", "desk", "wordpress"),
        help="only the server comparison, the delivery rows (issue 10's targets), the "
        "moderation desk (issue 14's) or the WordPress import (issue 17's)",
    )
    parser.add_argument("--warm-up", type=int, default=WARM_UP, help="seconds before each run")
    parser.add_argument("--articles", type=int, help="seed size (bench/seed.py's default)")
    parser.add_argument("--comments", type=int, help="seed size (bench/seed.py's default)")
    options = parser.parse_args()
    duration = 5 if options.quick else options.duration
    WARM_UP = options.warm_up
    if options.only == "wordpress":
        wordpress.main([])
        return

    ensure_wrk()
    env = production_env()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    seed_size = []
    for name in ("articles", "comments"):
        if getattr(options, name):
            seed_size += [f"--{name}", str(getattr(options, name))]
    if options.seed:
        articles, comments = options.seed.split(",")
        seed_size = ["--articles", articles, "--comments", comments]
    subprocess.run([PYTHON, "-m", "bench.seed", *seed_size], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    if options.only == "desk":
        write_results(desk_only_results(env, seed_size), options.label)
        return
    pages = bench_pages(env)
    queries = query_counts(env, pages)

    results = {
        "started": datetime.now(UTC).isoformat(),
        "duration_s": duration,
        "database": env["DATABASE_URL"].rsplit("@", 1)[-1],
        "cache": "redis" if env.get("REDIS_URL") else "local memory",
        "tasks": env["TASKS_BACKEND"],
        "warm_up_s": WARM_UP,
        "seed": seed_size or "bench/seed.py defaults",
        "servers": {},
    }
    if options.only != "delivery":
        run_servers(options, env, pages, duration, results)
    if options.only != "servers":
        print("\n== delivery")
        # From the seeded state: without the comments the comment-POST scenario just sent
        # to the same article (and the app cache's copies of its pages).
        removed = remove_posted(env)
        flush_redis(env)
        results["delivery"] = delivery.run(
            env,
            pages["article, 50 comments (cached)"]["path"],
            duration=duration,
            warm_up=WARM_UP,
            posted_removed=removed,
        )
    results["desk"] = run_desk(env)
    results["queries"] = queries
    if options.only is None:
        print("\n== WordPress import")
        results["wordpress"] = wordpress.run(env)
    write_results(results, options.label)


def run_desk(env):
    """The moderation desk's server-side figures (bench/desk.py), in a process of its own."""
    print("\n== moderation desk")
    result = subprocess.run(
        [PYTHON, "-m", "bench.desk"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    rows = json.loads(result.stdout.strip().splitlines()[-1])
    print("\n".join(desk.markdown(rows)))
    return rows


def desk_only_results(env, seed_size):
    return {
        "started": datetime.now(UTC).isoformat(),
        "duration_s": 0,
        "database": env["DATABASE_URL"].rsplit("@", 1)[-1],
        "cache": "redis" if env.get("REDIS_URL") else "local memory",
        "tasks": env["TASKS_BACKEND"],
        "warm_up_s": 0,
        "seed": seed_size or "bench/seed.py defaults",
        "servers": {},
        "queries": {},
        "desk": run_desk(env),
    }


def run_servers(options, env, pages, duration, results):
    for name in options.servers.split(","):
        if name == "granian" and not importable("granian"):
            print("granian is not installed: skipped (make bench installs it).")
            continue
        print(f"\n== {name}")
        scenario_names = (
            list(pages)
            if name == "gunicorn-sync"
            else [
                "static file",
                "article, 50 comments (cached)",
                "article, 50 comments (uncached)",
                "comment POST",
            ]
        )
        if options.quick:
            scenario_names = [s for s in scenario_names if s in QUICK]
        if options.scenarios:
            scenario_names = [s for s in scenario_names if s in options.scenarios.split(",")]
        results["servers"][name] = run_server(name, env, pages, scenario_names, duration)


QUICK = {
    "static file",
    "home",
    "article, 50 comments (cached)",
    "article, 50 comments (uncached)",
    "search, rare word",
    "comment POST",
}


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return
    sys.exit("The benchmark needs wrk: 'sudo apt-get install wrk'.")


def reachable(port):
    try:
        socket.create_connection((HOST, port), timeout=1).close()
        return True
    except OSError:
        return False


def production_env():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "1000",
        # Moderator emails go through `manage.py worker` (TASKS_BACKEND=immediate: in the
        # request, for comparison); the mail itself goes nowhere.
        "TASKS_BACKEND": os.environ.get("TASKS_BACKEND", "database"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    if "DATABASE_URL" not in os.environ:
        if not reachable(5432):
            sys.exit("No PostgreSQL on 127.0.0.1:5432: set DATABASE_URL to the database to use.")
        exists = subprocess.run(
            [
                "psql",
                "-h",
                HOST,
                "-U",
                "postgres",
                "-qtc",
                "SELECT 1 FROM pg_database WHERE datname = 'newsroom_bench'",
            ],
            capture_output=True,
            check=True,
            text=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(["createdb", "-h", HOST, "-U", "postgres", "newsroom_bench"], check=True)
        env["DATABASE_URL"] = DEFAULT_DATABASE
    if "REDIS_URL" not in os.environ and reachable(6379):
        env["REDIS_URL"] = DEFAULT_REDIS
    return env


def django_call(env, code):
    """Run ``code`` in a Django shell with ``env``; return what it prints, parsed as JSON."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_pages(env):
    """The URLs to drive, looked up in the seeded database."""
    info = django_call(
        env,
        """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from articles.models import Article, Category
fifty = Article.objects.get(slug="bench-10")  # bench/seed.py gives it exactly 50
busy = Article.objects.filter(slug="bench-0").first()
section = Category.objects.filter(slug="bench-section-1").first()
User = get_user_model()
admin, _ = User.objects.get_or_create(username="bench-admin")
admin.is_staff = admin.is_superuser = True
admin.email = "bench-desk@example.org"  # a moderator to notify about each held comment
admin.save()
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(admin)
from django.contrib.staticfiles.storage import staticfiles_storage
print(json.dumps({"fifty": fifty.get_absolute_url(), "fifty_pk": fifty.pk,
    "busy": busy.get_absolute_url(), "busy_comments": busy.comments.count(),
    "section": section.get_absolute_url(), "session": client.cookies["sessionid"].value,
    "static": staticfiles_storage.url("css/site.css")}))
""",
    )
    return {
        "static file": {"path": info["static"]},
        "home": {"path": "/"},
        "article, 50 comments (cached)": {"path": info["fifty"]},
        "article, 50 comments (uncached)": {"path": info["fifty"], "bypass": True},
        f"article, {info['busy_comments']} comments (uncached)": {
            "path": info["busy"],
            "bypass": True,
        },
        "category archive, page 50": {"path": f"{info['section']}?page=50"},
        "category archive, page 50 (uncached)": {
            "path": f"{info['section']}?page=50",
            "bypass": True,
        },
        "search, common word": {"path": "/search/?q=council"},
        "search, rare word": {"path": "/search/?q=Ollantaytambo"},
        "feed": {"path": "/feed/"},
        "sitemap (articles, 5,000 URLs)": {"path": "/sitemap-articles.xml"},
        "admin article list": {"path": "/admin/articles/article/", "session": info["session"]},
        "admin comment queue": {"path": "/admin/comments/comment/", "session": info["session"]},
        "comment POST": {"path": info["fifty"], "post_to": info["fifty_pk"]},
    }


def query_counts(env, pages):
    """SQL queries per page, rendered without the page cache."""
    paths = {
        name: page["path"]
        for name, page in pages.items()
        if "post_to" not in page and name != "static file"
    }
    return django_call(
        env,
        f"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.contrib.auth import get_user_model
from django.test import override_settings
counts = {{}}
admin = Client(HTTP_HOST="127.0.0.1")
admin.force_login(get_user_model().objects.get(username="bench-admin"))
with override_settings(PAGE_CACHE_SECONDS=0):
    for name, path in {paths!r}.items():
        client = admin if name.startswith("admin") else Client(HTTP_HOST="127.0.0.1")
        client.get(path)  # warm per-process caches (content types, sessions)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        counts[name] = {{"queries": len(captured), "status": status}}
print(json.dumps(counts))
""",
    )


def importable(module):
    return subprocess.run([PYTHON, "-c", f"import {module}"], capture_output=True).returncode == 0


def run_server(name, env, pages, scenario_names, duration):
    flush_redis(env)
    server = subprocess.Popen(
        SERVERS[name],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        # A file, not a pipe nobody reads: a full pipe blocks every worker that logs.
        stderr=tempfile.TemporaryFile(),
    )
    try:
        wait_until_up()
        rss = RssSampler(server.pid)
        rss.start()
        rows = {}
        for scenario in scenario_names:
            page = pages[scenario]
            if "post_to" in page:
                before = stored_bench_comments(env)
                worker = start_worker(env)
                enqueued_from = django_call(env, NOW)
            rows[scenario] = measure(page, duration)
            if "post_to" in page:
                accepted = sum(
                    r["requests"]
                    - r["non_2xx_3xx"]
                    + r["warm_up_requests"]
                    - r["warm_up_non_2xx_3xx"]
                    for r in rows[scenario].values()
                )
                stored = stored_bench_comments(env) - before
                rows[scenario]["stored"] = {"accepted": accepted, "stored": stored}
                print(f"comment POST: {accepted} accepted, {stored} stored")
                if worker:
                    rows[scenario]["notifications"] = drain(env, worker, enqueued_from)
                    print(f"notifications: {rows[scenario]['notifications']}")
            print(
                f"{scenario:45} "
                + "  ".join(
                    f"c{c}: {r['rps']:8.1f}/s p50 {r['p50_ms']:7.2f} ms p99 {r['p99_ms']:7.2f} ms"
                    for c, r in rows[scenario].items()
                    if c in (1, 16)
                )
            )
        rss.stop()
        return {"scenarios": rows, "worker_peak_rss_mb": round(rss.peak_mb, 1)}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


NOW = (
    "import json; from django.utils import timezone; print(json.dumps(timezone.now().isoformat()))"
)


def start_worker(env):
    if env["TASKS_BACKEND"] != "database":
        return None
    return subprocess.Popen(
        [PYTHON, "manage.py", "worker", "--interval", "0.5", "-v", "0"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def drain(env, worker, since, timeout=300):
    """Wait for the worker to email the moderators about every comment held since
    ``since`` (one email covers the comments held while the last was being sent); stop it."""
    count = f"""
import json
from django_tasks_db.models import DBTaskResult
from comments.models import Comment
tasks = DBTaskResult.objects.filter(
    task_path="comments.tasks.notify_moderators", enqueued_at__gte={since!r})
held = Comment.objects.filter(status="pending", submitted_at__gte={since!r})
print(json.dumps({{"held": held.count(), "left": held.filter(moderators_notified_at=None).count(),
    "runs": tasks.count(), "failed": tasks.filter(status="FAILED").count()}}))
"""
    started = time.monotonic()
    at_end = django_call(env, count)
    while True:
        state = django_call(env, count)
        if not state["left"] or time.monotonic() - started > timeout:
            break
        time.sleep(1)
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(timeout=30)
    return {
        "held": state["held"],
        "runs": state["runs"],
        "left_when_load_stopped": at_end["left"],
        "seconds_to_drain_after": round(time.monotonic() - started, 1),
        "left": state["left"],
        "failed": state["failed"],
    }


def stored_bench_comments(env):
    return django_call(
        env,
        "from comments.models import Comment; "
        "print(Comment.objects.filter(body__startswith='Benchmark comment').count())",
    )


def remove_posted(env):
    """Delete the comments the comment-POST scenario posted (bench/seed.py); how many."""
    result = subprocess.run(
        [PYTHON, "-m", "bench.seed", "--remove-posted"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    removed = json.loads(result.stdout.strip().splitlines()[-1])["removed"]
    if removed:
        print(f"Deleted {removed} comments posted by the comment-POST scenario.")
    return removed


def flush_redis(env):
    if env.get("REDIS_URL"):
        subprocess.run(
            ["redis-cli", "-n", env["REDIS_URL"].rsplit("/", 1)[-1], "FLUSHDB"], capture_output=True
        )


def wait_until_up():
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/robots.txt", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def measure(page, duration):
    url = f"http://{HOST}:{PORT}{page['path']}"
    headers = []
    if page.get("bypass"):
        headers = ["Cookie: newsroom_comments=bench"]  # a reader with a pending comment
    if page.get("session"):
        headers = [f"Cookie: sessionid={page['session']}"]
    script = None
    if page.get("post_to"):
        script = post_script(page)
    results = {}
    for connections, threads in ((1, 1), (16, 2)):
        run = functools.partial(
            drive, url, headers=headers, connections=connections, threads=threads, script=script
        )
        warm = run(duration=WARM_UP, args=run_args())
        results[connections] = run(duration=duration, args=run_args())
        results[connections]["warm_up_requests"] = warm["requests"]
        results[connections]["warm_up_non_2xx_3xx"] = warm["non_2xx_3xx"]
    return results


_runs = itertools.count(1)


def run_args():
    """A distinct number for each wrk run (the POST script derives addresses from it)."""
    return [str(next(_runs))]


def post_script(page):
    """A wrk Lua script posting valid comments, each with unique text and address."""
    html = urllib.request.urlopen(f"http://{HOST}:{PORT}{page['path']}").read().decode()
    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    time.sleep(3.1)  # the form's token must be older than the bot trap's minimum
    path = RESULTS / "post.lua"
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_text(
        POST_LUA.format(
            token=token,
            host=HOST,
            port=PORT,
            path=f"/comments/post/{page['post_to']}/",
        )
    )
    return path


class RssSampler(threading.Thread):
    """The largest resident set of any server worker process, sampled every 0.2 s."""

    def __init__(self, parent_pid):
        super().__init__(daemon=True)
        self.parent_pid, self.peak_mb, self.running = parent_pid, 0.0, True

    def run(self):
        while self.running:
            for pid in self.children():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                found = re.search(r"VmRSS:\s+(\d+)", status)  # absent for a zombie
                if found:
                    self.peak_mb = max(self.peak_mb, int(found[1]) / 1024)
            time.sleep(0.2)

    def children(self):
        try:
            text = Path(f"/proc/{self.parent_pid}/task/{self.parent_pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()] or [self.parent_pid]

    def stop(self):
        self.running = False


def write_results(results, label):
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M")
    name = f"{stamp}{'-' + label if label else ''}"
    lines = [
        f"# Benchmark {name}",
        "",
        f"Database: {results['database']}; cache: {results['cache']}; "
        f"tasks: {results.get('tasks', 'immediate')}; "
        f"{results['duration_s']} s per measurement after a {results['warm_up_s']} s warm-up; "
        f"wrk on 127.0.0.1. Seed: {results['seed']}.",
        "",
    ]
    notes = []
    for server, data in results["servers"].items():
        scenarios = data["scenarios"]
        ceiling = (
            {c: scenarios["static file"][c]["rps"] for c in (1, 16)}
            if "static file" in scenarios
            else {1: 0, 16: 0}
        )
        lines += [
            f"## {server} (worker peak RSS {data['worker_peak_rss_mb']} MB)",
            "",
            "| page | SQL | c1 req/s | c1 p50 ms | c1 p99 ms | c16 req/s | c16 p50 ms "
            "| c16 p99 ms | c16 share of static | non-2xx |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for scenario, by_conn in scenarios.items():
            one, sixteen = by_conn[1], by_conn[16]  # the other keys are notes
            if "stored" in by_conn:
                notes.append(
                    f"{server}: {by_conn['stored']['accepted']} comments accepted "
                    f"(302), {by_conn['stored']['stored']} stored."
                )
            if "notifications" in by_conn:
                sent = by_conn["notifications"]
                notes.append(
                    f"{server}: {sent['held']} comments held, covered by {sent['runs']} "
                    f"moderator emails from the worker; {sent['left_when_load_stopped']} "
                    "not yet mailed about when the load stopped, all but "
                    f"{sent['left']} mailed within {sent['seconds_to_drain_after']} s "
                    f"({sent['failed']} failed runs)."
                )
            sql = results["queries"].get(scenario, {}).get("queries", "–")
            share = f"{sixteen['rps'] / ceiling[16]:.0%}" if ceiling[16] else "–"
            lines.append(
                f"| {scenario} | {sql} | {one['rps']:.0f} | {one['p50_ms']:.1f} | "
                f"{one['p99_ms']:.1f} | {sixteen['rps']:.0f} | {sixteen['p50_ms']:.1f} | "
                f"{sixteen['p99_ms']:.1f} | {share} | "
                f"{one['non_2xx_3xx'] + sixteen['non_2xx_3xx']} |"
            )
        lines.append("")
    if notes:
        lines += ["Comment POST, checked against the database:", "", *[f"- {n}" for n in notes], ""]
    if results.get("delivery"):
        lines += delivery.markdown(results["delivery"])
    if results.get("wordpress"):
        lines.append(wordpress.markdown(results["wordpress"]))
    if results.get("desk"):
        lines += desk.markdown(results["desk"])
    (RESULTS / f"{name}.md").write_text("\n".join(lines))
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2))
    print(f"\nWrote bench/results/{name}.md and .json")


if __name__ == "__main__":
    main()
