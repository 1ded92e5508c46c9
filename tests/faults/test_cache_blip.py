"""Redis failing for one process while an editor saves: the change still reaches the
pages, once the cache answers again (newsroom/pagecache.py, the kept purges)."""

import pytest
from django.core.cache import caches
from django.test import Client
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


def open_breaker(seconds):
    """This process's circuit breaker, as after a Redis failure (0: closed again)."""
    import time

    caches["default"]._breaker.open_until = time.monotonic() + seconds


def test_a_change_saved_while_redis_fails_reaches_the_cached_page_after(
    redis_cache, a_published_article, monkeypatch
):
    from newsroom import edge

    purged = []
    monkeypatch.setattr(edge, "purge", lambda keys: purged.append(set(keys)))
    url = a_published_article.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"

    open_breaker(30)
    a_published_article.headline = "Correction: the council voted 7 to 4"
    a_published_article.save()  # its purge cannot reach Redis
    open_breaker(0)

    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assertContains(response, "Correction: the council voted 7 to 4")
    # The edge was purged at the save, and again once Redis answered: meanwhile it may
    # have fetched the page from a server still serving its old copy.
    key = f"article:{a_published_article.pk}"
    assert [key in keys for keys in purged] == [True, True]
