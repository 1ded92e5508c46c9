"""
Newsroom settings, read from the environment.

Every variable read here is listed, with its default, in README.md. Defaults are
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

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Core
# https://docs.djangoproject.com/en/6.1/ref/settings/#core-settings

DEBUG = env_bool("DEBUG")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        # One line, no traceback: an operator should see at once what to set.
        sys.exit(
            "Newsroom: SECRET_KEY is not set. Export SECRET_KEY=<a long random string> "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

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
    "taggit",
    "django_prose_editor",
    "axes",
    "articles.apps.ArticlesConfig",
    "comments.apps.CommentsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside whitenoise and the page cache, so static files and cached pages get it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "newsroom.pagecache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
HTTPS = env_bool("HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Preloading HSTS binds the whole domain to HTTPS for years, in every browser: the
# operator opts in with SECURE_HSTS_PRELOAD=1; until then its reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if env_bool("SECURE_HSTS_PRELOAD") else ["security.W021"]
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
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Web requests give up on a locked table or a runaway query (PostgreSQL lock_timeout and
# statement_timeout, in milliseconds) and answer 503 with Retry-After instead of tying up
# every worker; management commands (migrate, imports, workers) wait as long as they need.
DATABASE_LOCK_TIMEOUT_MS = int(env("DATABASE_LOCK_TIMEOUT_MS", "2000"))
DATABASE_STATEMENT_TIMEOUT_MS = int(env("DATABASE_STATEMENT_TIMEOUT_MS", "10000"))
_command = Path(sys.argv[0]).name in {"manage.py", "django-admin"}
IS_MANAGEMENT_COMMAND = _command and sys.argv[1:2] != ["runserver"]
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not IS_MANAGEMENT_COMMAND:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={DATABASE_LOCK_TIMEOUT_MS} "
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )

# Cache
# https://docs.djangoproject.com/en/6.1/topics/cache/

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # A Redis that is down, or accepts connections but does not answer, must not take the
    # site down: short timeouts, then newsroom/cache.py treats it as missing for a while.
    REDIS_TIMEOUT_SECONDS = float(env("REDIS_TIMEOUT_SECONDS", "0.5"))
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
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous readers (newsroom/pagecache.py): how long the app keeps a
# page (invalidation is exact, this is a backstop; 0 turns the page cache off), and
# the s-maxage offered to a CDN in front, which the app cannot invalidate.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_CDN_SECONDS = int(env("PAGE_CACHE_CDN_SECONDS", "60"))

# Email
# https://docs.djangoproject.com/en/6.1/topics/email/

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND}}
if EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "25")),
        "username": env("EMAIL_HOST_USER"),
        "password": env("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        # Seconds to wait for the SMTP server (env EMAIL_TIMEOUT; Django 6.1 refuses the
        # old EMAIL_TIMEOUT setting beside MAILERS): a slow server must not hold up a post.
        "timeout": float(env("EMAIL_TIMEOUT", "3")),
    }
del EMAIL_BACKEND  # MAILERS replaces it in Django 6.1; keeping both would warn.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

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
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"

# Internationalisation and time
# https://docs.djangoproject.com/en/6.1/topics/i18n/

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static files and uploads
# https://docs.djangoproject.com/en/6.1/howto/static-files/

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
if urlsplit(MEDIA_URL).netloc:  # uploads served from another host
    SECURE_CSP["img-src"].append(
        f"{urlsplit(MEDIA_URL).scheme or 'https'}://{urlsplit(MEDIA_URL).netloc}"
    )
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MAX_IMAGE_UPLOAD_BYTES = int(env("MAX_IMAGE_UPLOAD_MB", "10")) * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 50-megapixel camera frame is plenty for the web
FILE_UPLOAD_PERMISSIONS = 0o644
# Let Django serve uploads (small sites without a web server in front, and DEBUG).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG)
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

# Tags
# https://django-taggit.readthedocs.io/en/latest/getting_started.html

TAGGIT_CASE_INSENSITIVE = True

# The publication
SITE_NAME = env("SITE_NAME", "The Valley Courier")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# Logging: everything to stderr, where gunicorn and systemd collect it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Reader comments: see comments/conf.py for every key and its default.
COMMENTS = {
    "POLICY": env("COMMENTS_POLICY", "hold_all"),
}

# How many proxies (load balancer, nginx) stand in front of the app and append to
# X-Forwarded-For. 0 trusts only REMOTE_ADDR, which is right without a proxy.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)
