"""
The environment variables Newsroom reads: declared once, typed, documented.

``newsroom/settings.py`` reads the environment only through ``read()``, so every
variable it uses is declared below with its type, default and description. The
README's configuration table and ``.env.example`` are generated from this list
(``make config-docs``) and a test fails when either drifts from it.

A value that cannot be read (a word where a number belongs, an unknown choice, a
misspelt time zone) neither stops start-up with a traceback nor loosens anything: the
variable keeps its default, which is always the safe choice, and ``manage.py check``
(run by ``migrate``, ``runserver`` and the deploy check) reports it as newsroom.E001,
naming the variable. A variable marked ``fatal`` has no safe default to fall back on
(the database): start-up stops with one line saying what to fix.

Why not django-environ or goodconf: neither keeps descriptions beside the types in a
form we can render to both documents, and both raise on the first bad value instead of
falling back to the safe default and reporting every problem by name.
"""

import sys
import textwrap
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Variable:
    name: str
    kind: type | str  # bool, int, str, list, "choice", "time zone", "database URL"
    default: object
    description: str  # Markdown, one paragraph: the README and .env.example show it
    example: str | None = None  # a production-style value; None: .env.example leaves it out
    shown_default: str | None = None  # how the README shows a default that is computed
    choices: tuple = ()
    minimum: int | None = None
    maximum: int | None = None
    fatal: bool = False  # no safe default: an unreadable value stops start-up

    def parse(self, raw):
        """The typed value of ``raw`` (stripped, not empty); ValueError says what is wrong."""
        if self.kind is bool:
            if raw.lower() in _TRUE:
                return True
            if raw.lower() in _FALSE:
                return False
            raise ValueError("is not a yes/no value (use 1 or 0)")
        if self.kind is int:
            try:
                value = int(raw)
            except ValueError:
                raise ValueError("is not a whole number") from None
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"is below the minimum {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"is above the maximum {self.maximum}")
            return value
        if self.kind is list:
            if self.choices and raw.lower() == "none":
                return []  # an empty value means the default, so "none" says none
            items = [item.strip() for item in raw.split(",") if item.strip()]
            unknown = [item for item in items if self.choices and item not in self.choices]
            if unknown:
                raise ValueError(
                    f"names {', '.join(unknown)}, not one of {', '.join(self.choices)}"
                )
            return items
        if self.kind == "choice":
            for choice in self.choices:
                if raw.lower() == choice.lower():
                    return choice
            raise ValueError(f"is not one of {', '.join(self.choices)}")
        if self.kind == "time zone":
            try:
                zoneinfo.ZoneInfo(raw)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ValueError("is not a time zone name such as America/Lima") from None
            return raw
        if self.kind == "database URL":
            try:
                dj_database_url.parse(raw)
            except ValueError:  # UnknownSchemeError, ParseError
                raise ValueError(
                    "is not a database URL (postgres://user:pass@host:5432/name)"
                ) from None
            return raw
        return raw

    def shown(self):
        """The default as the README shows it."""
        if self.shown_default is not None:
            return self.shown_default
        if self.kind is bool:
            return "on" if self.default else "off"
        if self.default in ("", [], None):
            return "empty"
        if self.kind is list:
            return f"`{','.join(self.default)}`"
        return f"`{self.default}`"


VARIABLES = [
    # Core
    Variable(
        "DEBUG",
        bool,
        False,
        "`1`/`true`/`yes`/`on` turns on debug pages, demo accounts and uploads served by "
        "Django. `make run` sets it.",
        example="0",
    ),
    Variable(
        "SECRET_KEY",
        str,
        "",
        "Required when `DEBUG` is off: start-up stops with a one-line message without it.",
        example="change-me-to-a-long-random-string",
        shown_default="none",
    ),
    Variable(
        "ALLOWED_HOSTS",
        list,
        ["localhost", "127.0.0.1", "[::1]"],
        "Comma-separated host names the site answers to.",
        example="news.example.org",
    ),
    Variable(
        "CSRF_TRUSTED_ORIGINS",
        list,
        [],
        "Comma-separated origins (`https://news.example.org`) for HTTPS behind a proxy.",
        example="https://news.example.org",
    ),
    # Database and cache
    Variable(
        "DATABASE_URL",
        "database URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        "Any dj-database-url URL, e.g. `postgres://user:pass@host:5432/newsroom`.",
        example="postgres://newsroom:password@127.0.0.1:5432/newsroom",
        shown_default="`sqlite:///<project>/db.sqlite3`",
        fatal=True,
    ),
    Variable(
        "CONN_MAX_AGE",
        int,
        60,
        "Seconds a database connection is kept open (health-checked before reuse).",
        minimum=0,
    ),
    Variable(
        "DATABASE_LOCK_TIMEOUT_MS",
        int,
        2000,
        "PostgreSQL `lock_timeout` for web requests, in milliseconds: a request that waits "
        "longer for a locked table answers 503 with `Retry-After`. Management commands "
        "(migrations, imports, the worker) wait as long as they need.",
        minimum=0,
    ),
    Variable(
        "DATABASE_STATEMENT_TIMEOUT_MS",
        int,
        10000,
        "PostgreSQL `statement_timeout` for web requests, in milliseconds.",
        minimum=0,
    ),
    Variable(
        "REDIS_URL",
        str,
        "",
        "`redis://host:6379/0`: the shared cache for several app servers.",
        example="redis://127.0.0.1:6379/0",
        shown_default="empty (file-based cache in `CACHE_DIR`)",
    ),
    Variable(
        "REDIS_TIMEOUT_MS",
        int,
        500,
        "Connect and read timeout for Redis, in milliseconds; after a failure the cache counts "
        "as missing for 30 s in that process (a circuit breaker), so a Redis that hangs costs "
        "one slow request, not every request.",
        minimum=1,
    ),
    Variable(
        "PAGE_CACHE_SECONDS",
        int,
        3600,
        "How long a cached public page is kept at most (invalidation is exact; this is a "
        "backstop). `0` turns the page cache off.",
        minimum=0,
    ),
    Variable(
        "CACHE_DIR",
        str,
        str(BASE_DIR / ".cache" / "django"),
        "Without `REDIS_URL`: the directory of the file-based cache that every process on "
        "this machine shares (page cache, flood control).",
        shown_default="`<project>/.cache/django`",
    ),
    Variable(
        "EDGE_CACHE_SERVERS",
        list,
        [],
        "Comma-separated base URLs of the Varnish servers in front, which the app purges "
        "after every change (`edge/varnish.vcl`). Empty: shared caches are told not to "
        "keep pages (`s-maxage=0`), since nothing could purge them.",
        example="http://127.0.0.1:8080",
    ),
    Variable(
        "EDGE_CACHE_SECONDS",
        int,
        86400,
        "With `EDGE_CACHE_SERVERS`: how long the edge may keep a page (`s-maxage`); purges "
        "make it exact.",
        minimum=0,
    ),
    Variable(
        "EDGE_PURGE_BACKEND",
        str,
        "newsroom.edge.VarnishPurge",
        "The class that purges the edge (see `newsroom/edge.py` for a CDN's purge API).",
    ),
    # Email
    Variable(
        "EMAIL_BACKEND",
        str,
        "django.core.mail.backends.console.EmailBackend",
        "Set `django.core.mail.backends.smtp.EmailBackend` for real mail.",
        example="django.core.mail.backends.smtp.EmailBackend",
    ),
    Variable(
        "EMAIL_HOST",
        str,
        "localhost",
        "SMTP server (SMTP backend only).",
        example="smtp.example.org",
    ),
    Variable(
        "EMAIL_PORT",
        int,
        25,
        "SMTP port.",
        example="587",
        minimum=1,
        maximum=65535,
    ),
    Variable("EMAIL_HOST_USER", str, "", "SMTP user name.", example="newsroom"),
    Variable("EMAIL_HOST_PASSWORD", str, "", "SMTP password.", example="secret"),
    Variable("EMAIL_USE_TLS", bool, False, "STARTTLS to the SMTP server.", example="1"),
    Variable(
        "EMAIL_TIMEOUT",
        int,
        3,
        "Seconds to wait for the SMTP server before giving up (the task is retried).",
        minimum=1,
    ),
    Variable(
        "DEFAULT_FROM_EMAIL",
        str,
        "newsroom@localhost",
        "Sender of the site's mail.",
        example="newsroom@example.org",
    ),
    # Uploads
    Variable(
        "MEDIA_ROOT",
        str,
        str(BASE_DIR / "media"),
        "Where uploaded images are stored.",
        example="/srv/newsroom/media",
        shown_default="`<project>/media`",
    ),
    Variable("MEDIA_URL", str, "/media/", "URL prefix of uploads.", example="/media/"),
    Variable(
        "SERVE_MEDIA",
        bool,
        None,
        "Let Django serve uploads itself; leave off when a web server in front serves "
        "`MEDIA_ROOT`.",
        shown_default="same as `DEBUG`",
    ),
    Variable(
        "MAX_IMAGE_UPLOAD_MB",
        int,
        10,
        "Largest image upload accepted, in megabytes (keep nginx's `client_max_body_size` "
        "a little above it).",
        minimum=1,
    ),
    # The publication
    Variable(
        "TIME_ZONE",
        "time zone",
        "UTC",
        "The newsroom's time zone for publication times and dated URLs, e.g. `America/Lima`.",
        example="America/Lima",
    ),
    Variable(
        "LANGUAGE_CODE",
        "choice",
        "en",
        "The language of the public site and its emails: `en` (English) or `es` (Spanish). "
        "One language per site, the same for every reader.",
        example="en",
        choices=("en", "es"),
    ),
    Variable(
        "SITE_NAME",
        str,
        "The Valley Courier",
        "The publication's name in the masthead, titles and admin.",
        example="The Valley Courier",
    ),
    Variable(
        "SITE_URL",
        str,
        "http://127.0.0.1:8000",
        "The public address, for absolute links.",
        example="https://news.example.org",
    ),
    Variable(
        "LOG_LEVEL",
        "choice",
        "INFO",
        "Root log level (`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`); logs go to stderr.",
        example="INFO",
        choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
    ),
    # HTTPS
    Variable(
        "HTTPS",
        bool,
        False,
        "The site is served over HTTPS by a proxy that sets `X-Forwarded-Proto` (and strips "
        "it from clients): turns on the HTTPS redirect, HSTS and secure cookies.",
        example="1",
    ),
    Variable(
        "SECURE_HSTS_SECONDS",
        int,
        365 * 24 * 60 * 60,
        "HSTS max-age with `HTTPS` on.",
        minimum=0,
    ),
    Variable("SECURE_HSTS_INCLUDE_SUBDOMAINS", bool, True, "HSTS for subdomains too."),
    Variable(
        "SECURE_HSTS_PRELOAD",
        bool,
        False,
        "Ask browsers to preload HSTS (a long commitment for the whole domain).",
    ),
    # The editor's desk
    Variable(
        "PUBLISH_CHECKS_BLOCKING",
        list,
        ["category", "byline", "image_alt", "image_credit", "local_links"],
        "Comma-separated items of the pre-publish checklist (desk/checklist.py) that stop "
        "an article from being published or scheduled until fixed. The others are warnings "
        "an editor may acknowledge. Items: `category`, `byline` (author, byline or source), "
        "`standfirst`, `image`, `image_alt`, `image_caption`, `image_credit`, "
        "`headline_length` (fits search results), `local_links` (links to localhost or the "
        "admin), `empty_headings`. `none`: every item is only a warning.",
        choices=(
            "category",
            "byline",
            "standfirst",
            "image",
            "image_alt",
            "image_caption",
            "image_credit",
            "headline_length",
            "local_links",
            "empty_headings",
        ),
    ),
    # Admin log-in and proxies
    Variable(
        "AXES_FAILURE_LIMIT",
        int,
        5,
        "Failed admin log-ins before an IP address, or a user name, is locked out.",
        minimum=1,
    ),
    Variable("AXES_COOLOFF_MINUTES", int, 15, "How long a lockout lasts.", minimum=1),
    Variable(
        "TWO_FACTOR_REQUIRED",
        bool,
        False,
        "Editors (who can publish) and superusers must log in with a code from an "
        "authenticator app as well as their password; without one set up, they are taken "
        "to set it up after their password. Off: two-factor log-in is each person's choice.",
        example="1",
    ),
    Variable(
        "TRUSTED_PROXY_COUNT",
        int,
        0,
        "How many proxies in front of the app append to `X-Forwarded-For`; `0` uses the "
        "connection's address. Login lockouts, commenters' IPs and flood control depend on it.",
        example="1",
        minimum=0,
    ),
    # Comments
    # Background tasks, media storage and logs (scale-out)
    Variable(
        "TASKS_BACKEND",
        "choice",
        "immediate",
        "`immediate` runs each background task in the web process right after the commit "
        "(one process, as `make run`); `database` queues it for `manage.py worker` "
        "(django-tasks-db).",
        example="database",
        choices=("immediate", "database"),
    ),
    Variable(
        "MEDIA_STORAGE",
        "choice",
        "local",
        "`local` keeps uploads in `MEDIA_ROOT`; `s3` in an S3-compatible bucket every app "
        "server shares (credentials from boto3's own chain, e.g. `AWS_ACCESS_KEY_ID`).",
        example="s3",
        choices=("local", "s3"),
    ),
    Variable(
        "AWS_STORAGE_BUCKET_NAME",
        str,
        "",
        "With `MEDIA_STORAGE=s3`: the bucket (required).",
        example="newsroom-media",
    ),
    Variable(
        "AWS_S3_ENDPOINT_URL",
        str,
        "",
        "With `MEDIA_STORAGE=s3`: the S3 API of MinIO, Cloudflare R2, …; empty for AWS.",
    ),
    Variable("AWS_S3_REGION_NAME", str, "", "With `MEDIA_STORAGE=s3`: the bucket's region."),
    Variable(
        "AWS_S3_CUSTOM_DOMAIN",
        str,
        "",
        "With `MEDIA_STORAGE=s3`: a CDN host in front of the bucket, for image URLs.",
    ),
    Variable(
        "EMAIL_FILE_PATH",
        str,
        str(BASE_DIR / "mail"),
        "With the file email backend: the folder that receives one file per message.",
        shown_default="`<project>/mail`",
    ),
    Variable(
        "LOG_FORMAT",
        "choice",
        "text",
        "`text` lines, or `json` (one object per line, for a log collector); every line "
        "carries the request id.",
        example="json",
        choices=("text", "json"),
    ),
    Variable(
        "COMMENTS_POLICY",
        str,
        "hold_all",
        "`hold_all` (every comment waits for a moderator), `approve_known` (authors with an "
        "earlier approved comment go live), or `approve_clean` (everything that passes the "
        "hold rules goes live). Any other value holds every comment and fails "
        "`manage.py check`.",
        example="hold_all",
    ),
    # Public API (/api/v1/)
    Variable(
        "API_RATE_LIMIT",
        int,
        60,
        "Requests a minute the public API answers per client IP address without an API "
        "key (keys are created in the admin and lift the limit). `0` turns the limit off.",
        example="60",
        minimum=0,
    ),
    Variable(
        "API_CORS_ORIGINS",
        list,
        [],
        "Comma-separated origins (`https://app.example.org`) whose web pages may call the "
        "public API from a browser. Others are not named in CORS headers.",
        example="https://app.example.org",
    ),
]

BY_NAME = {variable.name: variable for variable in VARIABLES}


def read(environ):
    """(values, problems): every declared variable's value from ``environ`` as a namespace,
    and one readable line per value that could not be read (its default is used)."""
    values, problems = {}, []
    for variable in VARIABLES:
        raw = environ.get(variable.name, "").strip()
        if not raw:
            values[variable.name] = variable.default
            continue
        try:
            values[variable.name] = variable.parse(raw)
        except ValueError as error:
            if variable.fatal:
                # One line, no traceback: an operator should see at once what to set.
                sys.exit(f"Newsroom: {variable.name}={raw!r} {error}.")
            values[variable.name] = variable.default
            problems.append(
                f"{variable.name}={raw!r} {error}; using the default {variable.shown()}."
            )
    return SimpleNamespace(**values), problems


# The documents generated from the declaration.

README = BASE_DIR / "README.md"
ENV_EXAMPLE = BASE_DIR / ".env.example"
TABLE_START = (
    "<!-- configuration table: `make config-docs` writes it from newsroom/configuration.py -->"
)
TABLE_END = "<!-- end of configuration table -->"


def readme_table():
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    rows += [f"| `{v.name}` | {v.shown()} | {v.description} |" for v in VARIABLES]
    return "\n".join(rows) + "\n"


def env_example():
    lines = [
        "# Every variable newsroom/settings.py reads, with a production-style example.",
        "# Generated by `make config-docs` from newsroom/configuration.py: edit it there.",
        "# Commented-out lines show defaults that usually need no change.",
    ]
    for v in VARIABLES:
        lines.append("")
        lines += textwrap.wrap(
            v.description.replace("`", ""), 88, initial_indent="# ", subsequent_indent="# "
        )
        if v.example is None:
            # A default computed from where the project lies says so, not this machine's path.
            default = _as_text(v.default).replace(str(BASE_DIR), "<project>")
            lines.append(f"# {v.name}={default}")
        else:
            lines.append(f"{v.name}={v.example}")
    return "\n".join(lines) + "\n"


def _as_text(default):
    if isinstance(default, bool):
        return "1" if default else "0"
    if isinstance(default, list):
        return ",".join(default)
    return "" if default is None else str(default)


def readme_with_table(readme):
    """``readme`` with the text between the table markers replaced by ``readme_table()``."""
    before, _, rest = readme.partition(TABLE_START + "\n")
    _, _, after = rest.partition(TABLE_END)
    if not rest or not after:
        raise ValueError(f"README.md lacks the markers {TABLE_START!r} ... {TABLE_END!r}")
    return f"{before}{TABLE_START}\n{readme_table()}{TABLE_END}{after}"


def write_documents():
    README.write_text(readme_with_table(README.read_text()))
    ENV_EXAMPLE.write_text(env_example())


if __name__ == "__main__":
    write_documents()
    print(f"Wrote the configuration table in {README.name} and {ENV_EXAMPLE.name}.")  # noqa: T201
