"""Redis failing for one process while an editor saves: the change still reaches the
pages, once the cache answers again (newsroom/pagecache.py, the kept purges)."""

import time

import pytest
from django.core.cache import caches
from django.test import Client
from pytest_django.asserts import assertContains

from newsroom import edge, pagecache

pytestmark = pytest.mark.django_db

CORRECTION = "Correction: the council voted 7 to 4"


def open_breaker(seconds):
    """This process's circuit breaker, as after a Redis failure (0: closed again)."""
    caches["default"]._breaker.open_until = time.monotonic() + seconds


@pytest.fixture
def purged(monkeypatch):
    """The keys of each purge sent to the edge."""
    sent = []
    monkeypatch.setattr(edge, "purge", lambda keys: sent.append(set(keys)))
    return sent


def correct_while_redis_fails(article):
    """An editor saves a correction while this process cannot reach Redis."""
    open_breaker(30)
    article.headline = CORRECTION
    article.save()  # its purge cannot reach Redis
    open_breaker(0)  # the breaker tries Redis again


def test_a_change_saved_while_redis_fails_reaches_the_cached_page_after(
    redis_cache, a_published_article, purged
):
    url = a_published_article.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"

    correct_while_redis_fails(a_published_article)

    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assertContains(response, CORRECTION)
    # The edge was purged at the save, and again once Redis answered: meanwhile it may
    # have fetched the page from a server still serving its old copy.
    key = f"article:{a_published_article.pk}"
    assert [key in keys for keys in purged] == [True, True]


def test_while_redis_stays_down_a_retry_does_not_purge_the_edge_again(
    redis_cache, a_published_article, purged, monkeypatch
):
    """The breaker closes every 30 s to try Redis again; while Redis is still down the
    kept purges stay kept, and the edge (the only cache left) is not emptied each time."""
    url = a_published_article.get_absolute_url()
    correct_while_redis_fails(a_published_article)
    assert len(purged) == 1

    def still_down(*args, **kwargs):
        open_breaker(30)  # what a failing write does

    with monkeypatch.context() as down:
        down.setattr(caches["default"], "set_many", still_down)
        Client().get(url)
    assert len(purged) == 1
    open_breaker(0)  # Redis answers again
    Client().get(url)
    assert len(purged) == 2


def test_a_process_that_serves_no_pages_records_kept_purges_with_its_next_one(
    redis_cache, a_published_article, purged
):
    """The task worker purges too (scheduled work, imports) but serves no page."""
    url = a_published_article.get_absolute_url()
    Client().get(url)
    correct_while_redis_fails(a_published_article)
    pagecache.purge("a-key-no-page-shows")  # the worker's next purge, whatever it is
    assert purged[-1] >= {f"article:{a_published_article.pk}", "a-key-no-page-shows"}
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assertContains(response, CORRECTION)
