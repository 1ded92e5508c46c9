"""What an anonymous API answer costs in round trips to a real Redis (skipped without
one on 127.0.0.1:6379): counting the client and checking the cached answer share one."""

import pytest
from redis.connection import Connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(redis_cache, settings):
    settings.API_RATE_LIMIT = 3


@pytest.fixture
def sent(monkeypatch):
    """Each round trip to Redis (a pipeline is sent at once)."""
    trips = []
    original = Connection.send_packed_command

    def counted(self, command, *args, **kwargs):
        trips.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_packed_command", counted)
    return trips


def test_a_cached_answer_costs_one_round_trip_and_still_counts(
    client, redis_cache, sent, a_published_article
):
    url = f"/api/v1/articles/{a_published_article.pk}"
    assert client.get(url)["X-Page-Cache"] == "miss"
    sent.clear()
    hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert len(sent) == 1, sent
    assert hit.json()["id"] == a_published_article.pk
    assert client.get(url).status_code == 200  # the third request in the window
    assert client.get(url).status_code == 429  # the fourth is over the limit
