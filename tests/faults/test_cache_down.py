"""Redis down or unreachable: the site keeps serving and comments are still accepted."""

import pytest

from comments.models import Comment
from tests.comments.helpers import comment_data, post_url

pytestmark = pytest.mark.django_db

# A port nothing listens on, on this machine only.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DEAD_REDIS  # Django's setting_changed signal rebuilds the caches
    from django.core.cache import cache

    assert cache.add("probe", 1) is None  # the cache really is unreachable


def test_pages_are_served_with_the_cache_down(client, redis_down, a_published_article):
    assert client.get("/").status_code == 200
    assert client.get(a_published_article.get_absolute_url()).status_code == 200


def test_comments_are_accepted_and_flood_control_falls_back_to_the_database(
    client, redis_down, a_published_article, caplog
):
    first = client.post(post_url(a_published_article), comment_data(a_published_article))
    assert first.status_code == 302
    again = client.post(
        post_url(a_published_article), comment_data(a_published_article, body="Straight after")
    )
    assert again.status_code == 400
    assert "too quickly" in again.content.decode()
    assert Comment.objects.count() == 1
    assert "flood control is using the database" in caplog.text
