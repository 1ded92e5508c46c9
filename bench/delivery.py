"""
The delivery layer under wrk: each way an article page reaches a reader, as a share of a
yardstick measured in the same run (issue 10's targets).

Started here, on free 127.0.0.1 ports, and stopped afterwards:

- nginx serving a static file exactly as large as the article page (the edge ceiling);
- gunicorn (sync, as in production) with ``bench.settings``: production settings plus a
  trivial view and the ``X-Bench-Changed`` header (``bench/middleware.py``);
- Varnish with ``edge/varnish.vcl`` in front of it, which the app purges
  (``EDGE_CACHE_SERVERS``).

The article is the one with 50 comments. What each "after a change" row means:

- after an unrelated publication: the ``articles`` key changes before each request. Under
  the surrogate-key design that does not touch the article page; only the "Latest" box
  (its own fragment) is rebuilt, so the request is a page hit plus one fragment render;
- after a related story changed: ``article:M`` of a story in its "Related" list changes,
  so the page is rendered again while its comment thread did not change;
- after its own comments changed: ``comments:N`` changes (a comment approved);
- cold: every key the page carries changes, so nothing the app keeps can be reused.
"""

import functools
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench.wrk import drive

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = "5"  # as the server comparison's gunicorn-sync
ROUNDS = 3  # every row is measured this many times, the rows taking turns

NGINX_CONF = """\
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type text/html;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    server {{
        listen {host}:{port};
        root {work}/www;
    }}
}}
"""

# (row, compared with, target share): issue 10's "Done when".
TARGETS = [
    ("Varnish: article (edge hit)", "nginx: static file, same size", 0.50),
    ("app: article, cached (X-Page-Cache hit)", "app: trivial view", 0.70),
    ("app: article, first request after an unrelated publication", "app: trivial view", 0.30),
    ("app: article, after a related story changed", "app: trivial view", 0.30),
    ("app: article, after its own comments changed", "app: trivial view", 0.30),
    ("app: article, cold (every key changed)", "app: trivial view", 0.10),
    # Issue 18: the public API, with the pages' targets.
    ("app: API article list, cached", "app: trivial view", 0.70),
    ("app: API article detail, cached", "app: trivial view", 0.70),
    ("app: API article list, after a publication", "app: trivial view", 0.30),
    ("app: API article detail, after its article changed", "app: trivial view", 0.30),
]
API_LIST = "/api/v1/articles?limit=20"


def ensure_tools():
    """nginx and Varnish (with the xkey vmod), from Debian's packages when root."""
    missing = [
        package
        for command, package in (("nginx", "nginx"), ("varnishd", "varnish"))
        if not shutil.which(command)
    ]
    if not missing:
        return True
    if shutil.which("apt-get") and Path("/proc/self").stat().st_uid == 0:
        packages = [*missing, "varnish-modules"] if "varnish" in missing else missing
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
            check=True,
            env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
        )
        return True
    print(f"The delivery benchmark needs {' and '.join(missing)}: skipped.")
    return False


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers


def wait_for(url):
    for _ in range(150):
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered at {url}")


def run(env, article_path, *, duration, warm_up, posted_removed=0):
    """Measure every row; return {"rows": …, "ratios": …, "setup": …}.

    ``posted_removed``: how many comments the comment-POST scenario had left on the
    article, deleted before this started (bench/run.py), for the setup line.
    """
    if not ensure_tools():
        return None
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp:
        work = Path(tmp)
        work.chmod(0o755)  # nginx and Varnish children may read it
        app_port, edge_port, nginx_port = free_port(), free_port(), free_port()
        app_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "EDGE_CACHE_SERVERS": f"http://{HOST}:{edge_port}",
            # wrk is one client: counted as anonymous API clients are, never refused.
            "API_RATE_LIMIT": "1000000000",
        }
        processes = []
        try:
            processes.append(start_gunicorn(app_env, app_port, work))
            app = f"http://{HOST}:{app_port}"
            wait_for(f"{app}/robots.txt")
            start_varnish(app_port, edge_port, work)
            edge = f"http://{HOST}:{edge_port}"
            wait_for(f"{edge}/robots.txt")
            page = prepare_article(app, article_path)
            (work / "www").mkdir()
            (work / "www" / "article.html").write_bytes(b"x" * page["bytes"])
            processes.append(start_nginx(nginx_port, work))
            wait_for(f"http://{HOST}:{nginx_port}/article.html")
            rows = measure_rows(
                app, edge, f"http://{HOST}:{nginx_port}", article_path, page, duration, warm_up
            )
        finally:
            for process in reversed(processes):
                process.terminate()
                process.wait(timeout=30)
            stop_varnish(work)
    setup = setup_text(page, duration, warm_up, posted_removed)
    return {"setup": setup, "rows": rows, "ratios": ratios(rows)}


def start_gunicorn(env, port, work):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        "-b",
        f"{HOST}:{port}",
        "-w",
        WORKERS,
        "--worker-class",
        "sync",
        "--control-socket",  # gunicorn 27: one per instance
        str(work / "gunicorn.ctl"),
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def start_varnish(app_port, port, work):
    """``edge/varnish.vcl`` with its backend on our app server (as tests/e2e/test_edge.py)."""
    vcl = (ROOT / "edge" / "varnish.vcl").read_text()
    (work / "site.vcl").write_text(vcl.replace('.port = "8000"', f'.port = "{app_port}"'))
    subprocess.run(
        [
            "varnishd",
            "-a", f"{HOST}:{port}",
            "-f", str(work / "site.vcl"),
            "-n", str(work / "varnish"),
            "-P", str(work / "varnishd.pid"),
            "-s", "malloc,64m",
            "-j", "none",
        ],
        check=True,
    )  # fmt: skip


def stop_varnish(work):
    pid_file = work / "varnishd.pid"
    if pid_file.exists():
        subprocess.run(["kill", pid_file.read_text().strip()], check=False)
        time.sleep(0.5)


def start_nginx(port, work):
    (work / "nginx.conf").write_text(NGINX_CONF.format(work=work, host=HOST, port=port))
    return subprocess.Popen(
        ["nginx", "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def prepare_article(app, path):
    """Warm the page; return its size and keys (an uncompressed hit, as wrk asks for it)."""
    fetch(f"{app}{path}")
    body, headers = fetch(f"{app}{path}")
    assert headers["X-Page-Cache"] == "hit", headers
    keys = headers["xkey"].split()
    # The page's own article is the one whose thread it shows (comments:N).
    number = next(k.split(":")[1] for k in keys if k.startswith("comments:"))
    article_key = f"article:{number}"
    related = sorted(k for k in keys if k.startswith("article:") and k != article_key)
    assert related, "the benchmark article needs related stories"
    assert b"<esi:include" not in body  # the app filled the "Latest" box itself
    for api_path in (API_LIST, f"/api/v1/articles/{number}"):
        fetch(f"{app}{api_path}")
    heading = re.search(rb'id="comments-heading"[^>]*>([^<]+)<', body)
    return {
        "thread": f"“{heading[1].decode()}”" if heading else "no comment section",
        "bytes": len(body),
        "keys": keys,
        "comments_key": f"comments:{number}",
        "related_key": related[0],
        "article_key": article_key,
        "api_detail": f"/api/v1/articles/{number}",
    }


def measure_rows(app, edge, nginx, path, page, duration, warm_up):
    """Every row at 1 and 16 connections; each row first checks it measures what it says."""
    changed = "X-Bench-Changed: "
    rows_spec = [
        ("nginx: static file, same size", f"{nginx}/article.html", [], None),
        ("Varnish: article (edge hit)", f"{edge}{path}", [], ("X-Edge-Cache", "hit")),
        # What browsers ask for: Varnish keeps the gzipped page and sends it as it is.
        (
            "Varnish: article (edge hit), gzip",
            f"{edge}{path}",
            ["Accept-Encoding: gzip"],
            ("X-Edge-Cache", "hit"),
        ),
        ("app: trivial view", f"{app}/bench/trivial/", [], None),
        ("app: article, cached (X-Page-Cache hit)", f"{app}{path}", [], ("X-Page-Cache", "hit")),
        (
            "app: article, first request after an unrelated publication",
            f"{app}{path}",
            [changed + "articles"],
            ("X-Page-Cache", "hit"),
        ),
        (
            "app: article, after a related story changed",
            f"{app}{path}",
            [changed + page["related_key"]],
            ("X-Page-Cache", "not hit"),
        ),
        (
            "app: article, after its own comments changed",
            f"{app}{path}",
            [changed + page["comments_key"]],
            ("X-Page-Cache", "not hit"),
        ),
        (
            "app: article, cold (every key changed)",
            f"{app}{path}",
            [changed + " ".join(page["keys"])],
            ("X-Page-Cache", "not hit"),
        ),
        (
            "app: API article list, cached",
            f"{app}{API_LIST}",
            [],
            ("X-Page-Cache", "hit"),
        ),
        (
            "app: API article detail, cached",
            f"{app}{page['api_detail']}",
            [],
            ("X-Page-Cache", "hit"),
        ),
        (
            "app: API article list, after a publication",
            f"{app}{API_LIST}",
            [changed + "articles"],
            ("X-Page-Cache", "not hit"),
        ),
        (
            "app: API article detail, after its article changed",
            f"{app}{page['api_detail']}",
            [changed + page["article_key"]],
            ("X-Page-Cache", "not hit"),
        ),
        # The cost of the header itself, so the rows above can be read net of it.
        (
            "app: trivial view + X-Bench-Changed",
            f"{app}/bench/trivial/",
            [changed + "articles"],
            None,
        ),
    ]
    rows = {}
    for name, url, headers, expect in rows_spec:
        sent = dict(header.split(": ", 1) for header in headers)
        if expect and expect[1] == "hit":
            fetch(url)  # the first copy (a row before may have changed what it shows)
        body, got = fetch(url, sent)
        if expect:
            header, wanted = expect
            seen = got.get(header)
            assert (seen == "hit") == (wanted == "hit"), f"{name}: {header} is {seen}"
        rows[name] = {"path": urlsplit(url).path, "headers": headers, "bytes": len(body)}
        rows[name]["rounds"] = {1: [], 16: []}
    # Round-robin, so that load from elsewhere on the machine falls on every row alike.
    for number in range(1, ROUNDS + 1):
        print(f"-- round {number} of {ROUNDS}")
        for name, url, headers, _expect in rows_spec:
            for connections, threads in ((1, 1), (16, 2)):
                run = functools.partial(
                    drive, url, headers=headers, connections=connections, threads=threads
                )
                run(duration=warm_up)
                rows[name]["rounds"][connections].append(run(duration=duration))
            print(
                f"{name:62}", "   ".join(summary(rows[name]["rounds"][c][-1], c) for c in (1, 16))
            )
    for row in rows.values():
        for connections, runs in row["rounds"].items():
            row[connections] = {
                figure: statistics.median(run[figure] for run in runs)
                for figure in ("rps", "p50_ms", "p99_ms")
            } | {"non_2xx_3xx": sum(run["non_2xx_3xx"] for run in runs)}
    return rows


def summary(figures, connections):
    return (
        f"c{connections} {figures['rps']:7.0f}/s "
        f"p50 {figures['p50_ms']:6.2f} p99 {figures['p99_ms']:6.2f}"
    )


def ratios(rows):
    found = []
    for row, yardstick, target in TARGETS:
        # The median of the shares measured side by side, round by round.
        shares = {
            c: statistics.median(
                mine["rps"] / theirs["rps"]
                for mine, theirs in zip(
                    rows[row]["rounds"][c], rows[yardstick]["rounds"][c], strict=True
                )
            )
            for c in (1, 16)
        }
        found.append(
            {
                "row": row,
                "compared_with": yardstick,
                "target": target,
                "share_c1": shares[1],
                "share_c16": shares[16],
                "met_c1": shares[1] >= target,
                "met_c16": shares[16] >= target,
            }
        )
    return found


def setup_text(page, duration, warm_up, posted_removed=0):
    return (
        f"The article as seeded: {page['thread']}"
        + (
            f" ({posted_removed:,} comments posted by the comment-POST scenario were "
            "deleted first, and the app cache emptied). "
            if posted_removed
            else ". "
        )
        + f"gunicorn sync, {WORKERS} workers, bench.settings; Varnish with edge/varnish.vcl "
        f"(-j none, malloc 64 MB); nginx 2 workers, static file of {page['bytes']:,} bytes "
        f"(the article page, uncompressed; wrk sends no Accept-Encoding). {duration} s per "
        f"measurement after {warm_up} s of warm-up, at 1 connection (1 wrk thread) and "
        f"16 connections (2 threads); {ROUNDS} rounds, the rows taking turns; each figure is "
        "the median of its rounds, each share the median of the shares measured in the same "
        "round."
    )


def markdown(result):
    lines = [
        "## Delivery (issue 10 targets)",
        "",
        result["setup"],
        "",
        "| row | bytes | c1 req/s | c1 p50 ms | c1 p99 ms | c16 req/s | c16 p50 ms | c16 p99 ms "
        "| non-2xx |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in result["rows"].items():
        one, sixteen = row[1], row[16]
        lines.append(
            f"| {name} | {row['bytes']:,} | "
            f"{one['rps']:.0f} | {one['p50_ms']:.2f} | {one['p99_ms']:.2f} | "
            f"{sixteen['rps']:.0f} | {sixteen['p50_ms']:.2f} | {sixteen['p99_ms']:.2f} | "
            f"{one['non_2xx_3xx'] + sixteen['non_2xx_3xx']} |"
        )
    lines += [
        "",
        "| row | compared with | share at c1 | share at c16 | target | met at c1 / c16 |",
        "|---|---|---|---|---|---|",
    ]
    for ratio in result["ratios"]:
        lines.append(
            f"| {ratio['row']} | {ratio['compared_with']} | {ratio['share_c1']:.0%} | "
            f"{ratio['share_c16']:.0%} | ≥ {ratio['target']:.0%} | "
            f"{'yes' if ratio['met_c1'] else 'no'} / {'yes' if ratio['met_c16'] else 'no'} |"
        )
    return lines + [""]
