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


def test_while_redis_stays_down_a_retry_does_not_purge_the_edge_again(
    redis_cache, a_published_article, monkeypatch
):
    """The breaker closes every 30 s to try Redis again; while Redis is still down the
    kept purges stay kept, and the edge (the only cache left) is not emptied each time."""
    from newsroom import edge

    purged = []
    monkeypatch.setattr(edge, "purge", lambda keys: purged.append(set(keys)))
    cache = caches["default"]
    open_breaker(30)
    a_published_article.headline = "Correction: the council voted 7 to 4"
    a_published_article.save()
    assert len(purged) == 1
    open_breaker(0)

    def still_down(*args, **kwargs):
        open_breaker(30)  # what a failing write does

    monkeypatch.setattr(cache, "set_many", still_down)
    Client().get(a_published_article.get_absolute_url())
    assert len(purged) == 1
    monkeypatch.undo()  # Redis answers again
    monkeypatch.setattr(edge, "purge", lambda keys: purged.append(set(keys)))
    open_breaker(0)
    Client().get(a_published_article.get_absolute_url())
    assert len(purged) == 2


def test_a_process_that_serves_no_pages_records_kept_purges_with_its_next_one(
    redis_cache, a_published_article, monkeypatch
):
    """The task worker purges too (scheduled work, imports) but serves no page."""
    from newsroom import edge, pagecache

    purged = []
    monkeypatch.setattr(edge, "purge", lambda keys: purged.append(set(keys)))
    url = a_published_article.get_absolute_url()
    Client().get(url)
    open_breaker(30)
    a_published_article.headline = "Correction: the council voted 7 to 4"
    a_published_article.save()
    open_breaker(0)
    pagecache.purge("a-key-no-page-shows")  # the worker's next purge, whatever it is
    assert purged[-1] >= {f"article:{a_published_article.pk}", "a-key-no-page-shows"}
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assertContains(response, "Correction: the council voted 7 to 4")
