"""The OpenAPI schema is valid and the docs page works without the internet."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_validates_and_documents_every_endpoint(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on any error against the OpenAPI 3.1 specification
    assert set(schema["paths"]) == {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/articles/{article_id}/comments",
        "/api/v1/articles/{article_id}/comments/form",
        "/api/v1/sections",
        "/api/v1/tags",
        "/api/v1/sources",
        "/api/v1/authors",
    }
    filters = {p["name"] for p in schema["paths"]["/api/v1/articles"]["get"]["parameters"]}
    assert {"section", "tag", "source", "author", "published_after", "q", "cursor"} <= filters
    posting = schema["paths"]["/api/v1/articles/{article_id}/comments"]["post"]
    assert {"201", "400", "403"} <= set(posting["responses"])


def test_the_schema_shows_no_email_or_ip_of_commenters(client):
    comment = client.get("/api/openapi.json").json()["components"]["schemas"]["Comment"]
    assert not {"email", "ip_address", "user_agent"} & set(comment["properties"])


def test_the_docs_load_every_asset_from_this_site(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assets = re.findall(r'<(?:script|link)[^>]* (?:src|href)="([^"]+)"', page.content.decode())
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset  # no CDN: the docs work offline
        assert finders.find(asset.removeprefix("/static/")), asset


def test_the_docs_without_javascript_point_to_the_schema(client):
    """Swagger UI is all script: without it the page was blank."""
    page = client.get("/api/docs/").content.decode()
    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.S).group(1)
    assert "Newsroom API" in noscript
    assert 'href="/api/openapi.json"' in noscript
    assert "need JavaScript" in noscript


def test_the_api_root_points_to_the_version_the_schema_and_the_docs(client):
    root = client.get("/api/")
    assert root.status_code == 200
    assert root.json() == {
        "versions": {"v1": {"articles": "/api/v1/articles"}},
        "schema": "/api/openapi.json",
        "documentation": "/api/docs/",
    }
    for address in (root.json()["schema"], root.json()["documentation"]):
        assert client.get(address).status_code == 200


@pytest.mark.parametrize("address", ["/api/v2/articles", "/api/v1/articles/", "/api/v1/nothing"])
def test_an_unknown_api_address_answers_json_not_a_web_page(address):
    client = Client(enforce_csrf_checks=True)
    for response in (client.get(address), client.post(address, {})):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not Found"}
