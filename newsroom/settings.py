"""
Newsroom settings, read from the environment.

Every environment variable is declared, with its type, default and description, in
newsroom/configuration.py, and read here only through it (``env.NAME``). Defaults are
safe and embedded (SQLite, local-memory cache, console email); production sets
DATABASE_URL, REDIS_URL, SECRET_KEY and friends.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from newsroom import configuration

BASE_DIR = Path(__file__).resolve().parent.parent

# Values that could not be read keep their safe default; `manage.py check` reports them.
env, ENVIRONMENT_PROBLEMS = configuration.read(os.environ)

# Core
# https://docs.djangoproject.com/en/6.1/ref/settings/#core-settings

DEBUG = env.DEBUG

SECRET_KEY = env.SECRET_KEY
if not SECRET_KEY:
    if not DEBUG:
        # One line, no traceback: an operator should see at once what to set.
        sys.exit(
            "Newsroom: SECRET_KEY is not set. Export SECRET_KEY=<a long random string> "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # nosec B105

ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "newsroom.apps.TagsConfig",  # django-taggit, named "Tags" in the admin
    "django_prose_editor",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "newsroom.apps.NewsroomConfig",
    "articles.apps.ArticlesConfig",
    "comments.apps.CommentsConfig",
    "reversion",
    "desk.apps.DeskConfig",  # after articles: it replaces the article admin
    "pages.apps.PagesConfig",
    "ninja",  # its API docs page, with Swagger UI served from our static files
    "corsheaders",
    "api.apps.ApiConfig",
    "wordpress.apps.WordpressConfig",
]

MIDDLEWARE = [
    "newsroom.requestlog.RequestLogMiddleware",  # outermost: times and tags everything
    "newsroom.health.HealthCheckMiddleware",  # before the HTTPS redirect and host checks
    "django.middleware.security.SecurityMiddleware",
    # Outside whitenoise and the page cache, so static files and cached pages get it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The public API's CORS headers, keys and rate limit: outside the page cache, so that
    # cached answers get them too and every request is counted.
    "corsheaders.middleware.CorsMiddleware",
    "api.middleware.ApiGateMiddleware",
    # Before the page cache, which would answer WordPress's /?p=123 with the home page.
    "articles.redirects.OldAddressMiddleware",
    # Before sessions and CSRF: a cached page costs none of the middleware below it.
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): two-factor log-in
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Security: HTTPS and the Content Security Policy
# https://docs.djangoproject.com/en/6.1/topics/security/
# https://docs.djangoproject.com/en/6.1/ref/csp/

# HTTPS=1: the site is served over HTTPS by a proxy that sets X-Forwarded-Proto (and strips
# any such header a client sends). Turns on the redirect, HSTS and secure cookies.
HTTPS = env.HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.SECURE_HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.SECURE_HSTS_INCLUDE_SUBDOMAINS
    SECURE_HSTS_PRELOAD = env.SECURE_HSTS_PRELOAD
# Preloading HSTS binds the whole domain to HTTPS for years, in every browser: the
# operator opts in with SECURE_HSTS_PRELOAD=1; until then its reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if env.SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# The rich-text editor (Tiptap, inside django-prose-editor 0.28) injects one <style>
# element without a nonce; this is its hash. Recheck it when upgrading the editor.
TIPTAP_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE, TIPTAP_STYLE_HASH],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Database
# https://docs.djangoproject.com/en/6.1/ref/settings/#databases

DATABASES = {
    "default": dj_database_url.parse(
        env.DATABASE_URL,
        conn_max_age=env.CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Web requests give up on a locked table or a runaway query (PostgreSQL lock_timeout and
# statement_timeout, in milliseconds) and answer 503 with Retry-After instead of tying up
# every worker; management commands (migrate, imports, workers) wait as long as they need.
DATABASE_LOCK_TIMEOUT_MS = env.DATABASE_LOCK_TIMEOUT_MS
DATABASE_STATEMENT_TIMEOUT_MS = env.DATABASE_STATEMENT_TIMEOUT_MS
_command = Path(sys.argv[0]).name in {"manage.py", "django-admin"}
IS_MANAGEMENT_COMMAND = _command and sys.argv[1:2] != ["runserver"]
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not IS_MANAGEMENT_COMMAND:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={DATABASE_LOCK_TIMEOUT_MS} "
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )

# Cache
# https://docs.djangoproject.com/en/6.1/topics/cache/

REDIS_URL = env.REDIS_URL
if REDIS_URL:
    # A Redis that is down, or accepts connections but does not answer, must not take the
    # site down: short timeouts, then newsroom/cache.py treats it as missing for a while.
    REDIS_TIMEOUT_SECONDS = env.REDIS_TIMEOUT_MS / 1000
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.CircuitBreakerRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "BREAKER_SECONDS": 30,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False  # the breaker logs each outage once
else:
    # Every process on this machine shares it (runserver, gunicorn workers, manage.py),
    # so a change made in one is seen by all; a process-local cache would serve stale pages.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Whole pages for anonymous readers (newsroom/pagecache.py): how long the app keeps a
# page (invalidation is exact, this is a backstop; 0 turns the page cache off).
PAGE_CACHE_SECONDS = env.PAGE_CACHE_SECONDS

# The edge cache in front (newsroom/edge.py): the Varnish servers the app purges after
# each change, how long they may keep a page, and the purge backend class.
EDGE_CACHE_SERVERS = env.EDGE_CACHE_SERVERS
EDGE_CACHE_SECONDS = env.EDGE_CACHE_SECONDS
EDGE_PURGE_BACKEND = env.EDGE_PURGE_BACKEND

# Email
# https://docs.djangoproject.com/en/6.1/topics/email/

EMAIL_BACKEND = env.EMAIL_BACKEND
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND}}
if EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env.EMAIL_HOST,
        "port": env.EMAIL_PORT,
        "username": env.EMAIL_HOST_USER,
        "password": env.EMAIL_HOST_PASSWORD,
        "use_tls": env.EMAIL_USE_TLS,
        # Seconds to wait for the SMTP server (Django 6.1 refuses the old EMAIL_TIMEOUT
        # setting beside MAILERS): a slow server must not hold up a post.
        "timeout": env.EMAIL_TIMEOUT,
    }
elif EMAIL_BACKEND.endswith("filebased.EmailBackend"):  # one file per message, for tests
    MAILERS["default"]["OPTIONS"] = {"file_path": env.EMAIL_FILE_PATH}
del EMAIL_BACKEND  # MAILERS replaces it in Django 6.1; keeping both would warn.
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (newsroom/tasks.py)
# https://docs.djangoproject.com/en/6.1/topics/tasks/
# "immediate" (default) runs each task in the web process right after the commit;
# "database" (django-tasks-db) queues it in the database for `manage.py worker`.
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env.TASKS_BACKEND]}}

# Authentication
# https://docs.djangoproject.com/en/6.1/topics/auth/

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]

# Brute-force protection for the admin login (django-axes): after AXES_FAILURE_LIMIT
# failures an IP address, and separately a user name, is locked out for the cool-off.
# The lockout looks the same whether or not the user name exists.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.AXES_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=env.AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"

# Two-factor log-in for staff (django-otp, TOTP; newsroom/staff_auth.py).
# https://django-otp-official.readthedocs.io/en/stable/overview.html
TWO_FACTOR_REQUIRED = env.TWO_FACTOR_REQUIRED
OTP_TOTP_ISSUER = env.SITE_NAME  # the account’s name in the authenticator app
# An administrator may remove someone's device (a lost phone) but never read its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The editor's desk: pre-publish checklist items that stop publication (desk/checklist.py).
PUBLISH_CHECKS_BLOCKING = env.PUBLISH_CHECKS_BLOCKING

# Internationalisation and time
# https://docs.djangoproject.com/en/6.1/topics/i18n/

# The site's language is a setting, not negotiated per reader: a newsroom publishes in
# one language, and cached pages must be the same for everyone. So no LocaleMiddleware:
# every request, email and background task uses LANGUAGE_CODE.
# English keeps British formats (day before month, also in the admin's date fields).
LANGUAGE_CODE = {"en": "en-gb", "es": "es"}[env.LANGUAGE_CODE]
LANGUAGES = [("en-gb", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # the site's own catalogues (make messages)
TIME_ZONE = env.TIME_ZONE
USE_I18N = True
USE_TZ = True
# Times on the 24-hour clock in the admin too, as on the site (newsroom/formats/).
FORMAT_MODULE_PATH = ["newsroom.formats"]

# Static files and uploads
# https://docs.djangoproject.com/en/6.1/howto/static-files/

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The staff guide's pictures (docs/guide/img/, taken by the browser tests) as guide/*.png.
STATICFILES_DIRS = [BASE_DIR / "static", ("guide", BASE_DIR / "docs" / "guide" / "img")]
MEDIA_URL = env.MEDIA_URL
if urlsplit(MEDIA_URL).netloc:  # uploads served from another host
    SECURE_CSP["img-src"].append(
        f"{urlsplit(MEDIA_URL).scheme or 'https'}://{urlsplit(MEDIA_URL).netloc}"
    )
MEDIA_ROOT = Path(env.MEDIA_ROOT)
MAX_IMAGE_UPLOAD_BYTES = env.MAX_IMAGE_UPLOAD_MB * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 50-megapixel camera frame is plenty for the web
FILE_UPLOAD_PERMISSIONS = 0o644
# Let Django serve uploads (small sites without a web server in front, and DEBUG).
SERVE_MEDIA = DEBUG if env.SERVE_MEDIA is None else env.SERVE_MEDIA
STORAGES = {
    # Removes a half-written upload when the disk is full (newsroom/storage.py).
    "default": {"BACKEND": "newsroom.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# MEDIA_STORAGE=s3 keeps uploads in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2)
# that every app server shares, through django-storages; credentials come from boto3's own
# chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment, or an instance role).
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
MEDIA_STORAGE = env.MEDIA_STORAGE
if MEDIA_STORAGE == "s3":
    from newsroom.storage import s3_origin, s3_storage

    if not env.AWS_STORAGE_BUCKET_NAME:
        sys.exit("Newsroom: MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and its credentials).")
    S3_MEDIA = {
        "bucket": env.AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.AWS_S3_ENDPOINT_URL,  # MinIO, R2, …; empty for AWS itself
        "custom_domain": env.AWS_S3_CUSTOM_DOMAIN,  # a CDN in front of the bucket
    }
    STORAGES["default"] = s3_storage(**S3_MEDIA, region=env.AWS_S3_REGION_NAME)
    SECURE_CSP["img-src"].append(s3_origin(**S3_MEDIA))

# Tags
# https://django-taggit.readthedocs.io/en/latest/getting_started.html

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRING_FROM_TAGS = "articles.tags.edit_string"

# The publication
SITE_NAME = env.SITE_NAME
SITE_URL = env.SITE_URL

# Logging: everything to stderr, where gunicorn and systemd collect it, one line per
# request (newsroom/requestlog.py), each record tagged with its request's id.
# LOG_FORMAT=json writes one JSON object per line, for a log collector.
LOG_FORMAT = env.LOG_FORMAT
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.requestlog.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "newsroom.requestlog.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL},
    # Two lines per task are for the worker (which sets its own level); web processes
    # running tasks at once log only failures.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

# Reader comments: see comments/conf.py for every key and its default. An unknown
# policy holds every comment and fails `manage.py check` (comments/checks.py).
COMMENTS = {
    "POLICY": env.COMMENTS_POLICY,
}

# How many proxies (load balancer, nginx) stand in front of the app and append to
# X-Forwarded-For. 0 trusts only REMOTE_ADDR, which is right without a proxy.
# newsroom/client_ip.py applies it for the login lockout and for comments alike.
TRUSTED_PROXY_COUNT = env.TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.client_ip"

# The public API (api/): anonymous requests a minute per client IP (API keys lift it),
# and the origins whose pages may call it from a browser (django-cors-headers).
# https://github.com/adamchainz/django-cors-headers#configuration
API_RATE_LIMIT = env.API_RATE_LIMIT
CORS_ALLOWED_ORIGINS = env.API_CORS_ORIGINS
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "if-none-match", "x-api-key"]
CORS_EXPOSE_HEADERS = ["etag", "last-modified", "retry-after"]
CORS_PREFLIGHT_MAX_AGE = 86400
