"""The API through Varnish: anonymous reads are shared and purged like pages."""

import json
import shutil
import urllib.request

import pytest

from api.models import ApiKey
from tests.e2e.conftest import E2E

# The Varnish fixture of the pages' edge tests, imported so pytest finds it here too.
from tests.e2e.test_edge import fetch, varnish, within_a_second  # noqa: F401
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = [
    *E2E,
    pytest.mark.skipif(not shutil.which("varnishd"), reason="needs varnishd (apt: varnish)"),
]


def headlines(body):
    return [item["headline"] for item in json.loads(body)["items"]]


def test_api_answers_are_kept_at_the_edge_per_filter_and_purged_on_change(
    varnish,  # noqa: F811
    settings,
):
    settings.API_RATE_LIMIT = 0
    politics, sport = CategoryFactory(slug="politics"), CategoryFactory(slug="sport")
    story = ArticleFactory(headline="Council approves budget", categories=[politics])
    ArticleFactory(headline="Cup final tonight", categories=[sport])
    listing = f"{varnish}/api/v1/articles?section=politics"
    fetch(listing)
    body, headers = fetch(f"{listing}&utm_source=app")
    assert headers["X-Edge-Cache"] == "hit"  # parameters the API ignores share the object
    assert headlines(body) == ["Council approves budget"]
    # A filter is part of the object: another section is another answer.
    assert headlines(fetch(f"{varnish}/api/v1/articles?section=sport")[0]) == ["Cup final tonight"]
    detail = f"{varnish}/api/v1/articles/{story.pk}"
    fetch(detail)
    assert fetch(detail)[1]["X-Edge-Cache"] == "hit"

    story.headline = "Council rejects budget"
    story.save()
    within_a_second(listing, lambda body: headlines(body) == ["Council rejects budget"])
    within_a_second(detail, lambda body: json.loads(body)["headline"] == "Council rejects budget")


def test_keyed_requests_and_comment_tokens_reach_the_app(varnish):  # noqa: F811
    key = ApiKey(name="Partner")
    secret = key.issue()
    key.save()
    story = ArticleFactory()
    for _ in range(2):
        request = urllib.request.Request(
            f"{varnish}/api/v1/sections", headers={"Authorization": f"Bearer {secret}"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.headers["X-Edge-Cache"] == "miss"
    key.refresh_from_db()
    assert key.request_count == 2  # every keyed request is counted by the app
    form = f"{varnish}/api/v1/articles/{story.pk}/comments/form"
    assert json.loads(fetch(form)[0])["token"] != json.loads(fetch(form)[0])["token"]
