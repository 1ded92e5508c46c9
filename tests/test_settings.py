import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(code="print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])", **env):
    """Import the settings in a fresh interpreter with exactly ``env`` set; run ``code``."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_stops_start_up_with_one_clear_line():
    result = load_settings()
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Newsroom: SECRET_KEY is not set. Export SECRET_KEY=<a long random string> "
        "(or DEBUG=1 for local development)."
    ]


def test_debug_is_off_unless_set():
    result = load_settings(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False ")


def test_debug_runs_without_a_secret_key():
    result = load_settings(DEBUG="1", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True django.db.backends.sqlite3"


@pytest.mark.django_db
def test_uploads_are_served_only_when_asked(client, settings, tmp_path):
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / "photo.txt").write_text("pixels")
    settings.SERVE_MEDIA = False
    assert client.get("/media/photo.txt").status_code == 404
    settings.SERVE_MEDIA = True
    assert b"".join(client.get("/media/photo.txt").streaming_content) == b"pixels"
    assert client.get("/media/../newsroom/settings.py").status_code in {400, 404}


PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "news.example.org",
    "HTTPS": "1",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.org",
}


def deploy_check(**env):
    unset = {"SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_profile_passes_the_deploy_check():
    result = deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_deploy_check_catches_a_missing_https_profile():
    result = deploy_check(**{**PRODUCTION, "HTTPS": "0"})
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # no HTTPS redirect
