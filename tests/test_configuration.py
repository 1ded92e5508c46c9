"""The environment variables: declared once (newsroom/configuration.py), documented from
that declaration, and never a traceback or a looser site when a value is wrong."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom import configuration

ROOT = Path(__file__).resolve().parent.parent


def test_readme_table_and_env_example_agree_with_the_declaration():
    readme = (ROOT / "README.md").read_text()
    assert readme == configuration.readme_with_table(readme), "run `make config-docs`"
    assert (ROOT / ".env.example").read_text() == configuration.env_example(), (
        "run `make config-docs`"
    )


def test_settings_read_every_variable_through_the_declaration_and_no_other_way():
    tree = ast.parse((ROOT / "newsroom" / "settings.py").read_text())
    read = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "env"
    }
    environ_uses = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}
    ]
    assert read == set(configuration.BY_NAME)  # none undeclared, none declared for nothing
    assert len(environ_uses) == 1  # the one configuration.read(os.environ)


def test_values_are_typed_and_empty_means_default():
    env, problems = configuration.read(
        {"AXES_FAILURE_LIMIT": " 7 ", "HTTPS": "On", "ALLOWED_HOSTS": "a.example, b.example,"}
    )
    assert (env.AXES_FAILURE_LIMIT, env.HTTPS, env.ALLOWED_HOSTS) == (
        7,
        True,
        ["a.example", "b.example"],
    )
    assert problems == []
    env, problems = configuration.read({"DEBUG": "", "CONN_MAX_AGE": "  "})
    assert (env.DEBUG, env.CONN_MAX_AGE, env.SERVE_MEDIA) == (False, 60, None)


def test_a_value_that_cannot_be_read_keeps_the_safe_default_and_says_why():
    env, problems = configuration.read(
        {"AXES_FAILURE_LIMIT": "five", "DEBUG": "ture", "LOG_LEVEL": "info"}
    )
    assert (env.AXES_FAILURE_LIMIT, env.DEBUG, env.LOG_LEVEL) == (5, False, "INFO")
    assert problems == [
        "DEBUG='ture' is not a yes/no value (use 1 or 0); using the default off.",
        "AXES_FAILURE_LIMIT='five' is not a whole number; using the default `5`.",
    ]


def run_manage(*args, **env):
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", *env}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


BAD_VALUES = {
    "AXES_FAILURE_LIMIT": "five",
    "EMAIL_PORT": "25a",
    "PAGE_CACHE_SECONDS": "-5",
    "HTTPS": "yes please",
    "TIME_ZONE": "Lima",
    "LOG_LEVEL": "verbose",
}


def test_check_reports_every_unreadable_value_by_name_without_a_traceback():
    result = run_manage("check", **BAD_VALUES)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name, value in BAD_VALUES.items():
        assert f"newsroom.E001) {name}={value!r}" in result.stderr


def test_check_reports_an_unknown_comments_policy_by_name():
    result = run_manage("check", COMMENTS_POLICY="hold-all")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "comments.E001) COMMENTS_POLICY" in result.stderr
    assert "'hold-all'" in result.stderr


def test_a_clean_environment_passes_the_check():
    result = run_manage("check", COMMENTS_POLICY="approve_known", AXES_FAILURE_LIMIT="3")
    assert result.returncode == 0, result.stderr


def test_an_unreadable_database_url_stops_start_up_with_one_line():
    result = run_manage("check", DATABASE_URL="postgress://db.internal/newsroom")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Newsroom: DATABASE_URL='postgress://db.internal/newsroom' is not a database URL "
        "(postgres://user:pass@host:5432/name)."
    ]


@pytest.mark.django_db
def test_an_unknown_comments_policy_holds_every_comment(client, a_published_article, settings):
    from comments.models import Comment
    from tests.comments.helpers import comment_data, post_url

    settings.COMMENTS = {"POLICY": "hold-all"}
    client.post(post_url(a_published_article), comment_data(a_published_article))
    assert Comment.objects.get().status == Comment.Status.PENDING
