"""One log line per request with its id, status and duration; the id on errors too."""

import json
import logging
import re

import pytest
from django.test import Client
from django.urls import path

from tests.test_settings import load_settings

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("the printing press jammed")


urlpatterns = [path("boom/", boom)]


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "newsroom.requests"]


def test_each_request_logs_one_line_and_returns_its_id(client, caplog):
    caplog.set_level(logging.INFO)
    response = client.get("/robots.txt")
    [line] = request_lines(caplog)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert line.request_id == response["X-Request-ID"]
    assert (line.method, line.path, line.status) == ("GET", "/robots.txt", 200)
    assert line.duration_ms >= 0
    assert line.getMessage().startswith("GET /robots.txt 200 ")


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("lb-7f3a9c:0001", True),
        ("x" * 65, False),
        ("two words", False),
        ("id\nFAKE LOG LINE", False),
    ],
)
def test_a_sane_incoming_request_id_is_kept(client, incoming, kept):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=incoming)
    assert (response["X-Request-ID"] == incoming) is kept


@pytest.mark.urls("tests.test_request_logs")
def test_the_error_log_carries_the_request_id(caplog):
    caplog.set_level(logging.INFO)
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    [error] = [r for r in caplog.records if r.name == "django.request"]
    assert error.request_id == response["X-Request-ID"]
    assert "the printing press jammed" in str(error.exc_info[1])
    assert request_lines(caplog)[0].status == 500


def test_log_format_json_writes_one_object_per_line():
    result = load_settings(
        SECRET_KEY="x" * 50,
        LOG_FORMAT="json",
        DATABASE_URL="sqlite:///:memory:",
        code="from django.test import Client; Client().get('/health/', HTTP_X_REQUEST_ID='abc-1')",
    )
    assert result.returncode == 0, result.stderr
    # Python's own warnings are not log records; every log record is one JSON line.
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    [entry] = [e for e in entries if e["logger"] == "newsroom.requests"]
    assert entry["request_id"] == "abc-1"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/health/", 200)
    assert isinstance(entry["duration_ms"], float)
