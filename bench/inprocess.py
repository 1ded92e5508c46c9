"""
The API and article delivery rows timed in one process, through the whole WSGI handler
and middleware, as shares of the trivial view timed beside them: for profiling a change
before ``make bench`` (no gunicorn, wrk or Varnish; the figures are not the bench's).

    DATABASE_URL=… REDIS_URL=… SECRET_KEY=… python -m bench.inprocess
    python -m bench.inprocess profile "API list, after a publication" 300

Needs the database seeded by ``bench/seed.py`` (the article ``bench-10``).
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"


def main(argv):
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application

    from articles.models import Article

    app = get_wsgi_application()
    article = Article.objects.get(slug="bench-10")
    detail = f"/api/v1/articles/{article.pk}"
    rows = {
        "trivial view": ("/bench/trivial/", {}),
        "article, cached": (article.get_absolute_url(), {}),
        "article, after its own comments changed": (
            article.get_absolute_url(),
            {"HTTP_X_BENCH_CHANGED": f"comments:{article.pk}"},
        ),
        "API list, cached": ("/api/v1/articles?limit=20", {}),
        "API detail, cached": (detail, {}),
        "API list, after a publication": (
            "/api/v1/articles?limit=20",
            {"HTTP_X_BENCH_CHANGED": "articles"},
        ),
        "API detail, after its article changed": (
            detail,
            {"HTTP_X_BENCH_CHANGED": f"article:{article.pk}"},
        ),
    }

    def call(path, headers):
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            **headers,
        }
        return b"".join(app(environ, lambda status, headers: None))

    for path, headers in rows.values():  # warm every cache the rows rely on
        call(path, {})
        call(path, headers)
    if argv[:1] == ["profile"]:
        path, headers = rows[argv[1]]
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(int(argv[2]) if len(argv) > 2 else 500):
            call(path, headers)
        profile.disable()
        pstats.Stats(profile).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(40)
        return
    rates = {name: [] for name in rows}
    for _ in range(3):  # rounds, the rows taking turns
        for name, (path, headers) in rows.items():
            count, started = 0, time.perf_counter()
            while time.perf_counter() - started < 1:
                call(path, headers)
                count += 1
            rates[name].append(count / (time.perf_counter() - started))
    for name, measured in rates.items():
        share = statistics.median(
            mine / theirs for mine, theirs in zip(measured, rates["trivial view"], strict=True)
        )
        print(f"{name:40} {statistics.median(measured):7.0f}/s  {share:4.0%}")
    print("load average", " ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main(sys.argv[1:])
