"""Who may call the API how often: the anonymous rate limit, partners' keys, CORS."""

import pytest
from django.contrib.admin.sites import site

from api.models import ApiKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(settings):
    settings.API_RATE_LIMIT = 3


@pytest.fixture
def partner_key():
    key = ApiKey(name="Mobile app")
    secret = key.issue()
    key.save()
    return key, secret


def test_anonymous_clients_are_limited_per_address_with_retry_after(client, limited):
    for _ in range(3):
        assert client.get("/api/v1/sections").status_code == 200
    refused = client.get("/api/v1/articles")  # cached or not, every answer counts
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "API key" in refused.json()["detail"]
    assert "no-cache" in refused["Cache-Control"]  # never kept for other clients
    other = client.get("/api/v1/sections", REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200


def test_an_api_key_lifts_the_limit_and_its_use_is_counted(client, limited, partner_key):
    key, secret = partner_key
    for _ in range(3):
        client.get("/api/v1/sections")
    assert client.get("/api/v1/sections").status_code == 429
    for _ in range(5):
        response = client.get("/api/v1/sections", headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200
    assert client.get("/api/v1/tags", headers={"X-Api-Key": secret}).status_code == 200
    key.refresh_from_db()
    assert key.request_count == 6 and key.last_used_at is not None


def test_a_revoked_or_wrong_key_is_refused(client, partner_key):
    key, secret = partner_key
    assert client.get("/api/v1/sections", headers={"X-Api-Key": secret + "x"}).status_code == 401
    key.revoked_at = key.created_at
    key.save()
    refused = client.get("/api/v1/sections", headers={"X-Api-Key": secret})
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    assert refused["WWW-Authenticate"].startswith("Bearer")  # RFC 6750: how to retry


@pytest.mark.parametrize(
    ("method", "path"),
    [("delete", "/api/v1/articles/1"), ("post", "/api/v1/articles"), ("patch", "/api/v1/sections")],
)
def test_a_method_an_address_does_not_take_is_a_json_405(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert "does not accept" in response.json()["detail"]
    assert "GET" in response["Allow"]


def test_keys_are_stored_hashed_and_shown_once_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/api/apikey/add/", {"name": "Andina syndication", "contact": ""}, follow=True
    )
    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    secret = next(word for text in shown for word in text.split() if word.startswith("nrk_"))
    assert secret not in {key.hashed_key, key.prefix} and secret.split("_")[1] == key.prefix
    assert admin_client.get("/api/v1/sections", headers={"X-Api-Key": secret}).status_code == 200
    changelist = admin_client.get("/admin/api/apikey/")
    assert changelist.status_code == 200 and b"Andina syndication" in changelist.content
    admin_client.post(
        "/admin/api/apikey/",
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked_at is not None and key.request_count == 1
    revoked = admin_client.get("/admin/api/apikey/?status=revoked")
    assert b"Andina syndication" in revoked.content
    assert b"Andina syndication" not in admin_client.get("/admin/api/apikey/?status=active").content
    assert not site._registry[ApiKey].has_delete_permission(None)


def test_cors_only_for_listed_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    listed = client.get("/api/v1/sections", headers={"Origin": "https://app.example.org"})
    assert listed["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "origin" in listed["Vary"].lower()
    other = client.get("/api/v1/sections", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v1/articles/1/comments",
        headers={
            "Origin": "https://app.example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-api-key",
        },
    )
    assert preflight.status_code == 200
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]
    page = client.get("/", headers={"Origin": "https://app.example.org"})
    assert "Access-Control-Allow-Origin" not in page  # the site's pages are not shared
