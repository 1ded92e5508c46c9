"""GET /health/: what a load balancer asks each app server."""

import socket

import pytest
from django.db import OperationalError, connection

from newsroom.storage import s3_storage

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_200_json_uncached_in_one_query(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


def test_a_down_database_is_named(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert response.json()["checks"]["cache"] == "ok"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_down_cache_is_named(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/6",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},  # as in production: errors are hidden
        }
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def test_object_storage_is_checked(client, settings, s3_media, s3_server):
    assert client.get("/health/").json()["checks"]["storage"] == "ok"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(bucket="no-such-bucket", endpoint_url=s3_server),
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]


def test_probes_over_plain_http_to_the_machine_address_are_answered(client, settings):
    """Behind HTTPS=1 a load balancer still probes http://<machine address>/health/."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["news.example.org"]
    response = client.get("/health/", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="news.example.org").status_code == 301  # the rest redirects
