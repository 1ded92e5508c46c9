"""The "Latest" box is a fragment of its own: a new story refreshes it on every page
without making any article page render again (newsroom/pagecache.py, "Shared boxes")."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ESI = {"Surrogate-Capability": "varnish=ESI/1.0"}
INCLUDE = '<esi:include src="/fragments/latest/"/>'


@pytest.fixture
def cached_story():
    """A published article whose page is in the page cache (one copy serves both the
    edge, which fills the box itself, and readers, for whom the app fills it)."""
    url = ArticleFactory(headline="Harbour dredging begins").get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url, headers=ESI)["X-Page-Cache"] == "hit"
    return url


def test_a_new_story_is_in_the_latest_box_of_a_page_that_stays_cached(cached_story):
    ArticleFactory(headline="Ferry strike called off")
    response = Client().get(cached_story)
    assert response["X-Page-Cache"] == "hit"
    page = response.content.decode()
    assert "Ferry strike called off" in page
    assert "Harbour dredging begins" in page
    assert "<esi:include" not in page
    assert "Surrogate-Control" not in response


def test_behind_an_esi_edge_the_page_stays_cached_and_keeps_the_include(cached_story):
    ArticleFactory(headline="Ferry strike called off")
    response = Client().get(cached_story, headers=ESI)
    assert response["X-Page-Cache"] == "hit"
    page = response.content.decode()
    assert INCLUDE in page
    assert "Ferry strike called off" not in page  # the edge fills the box
    assert response["Surrogate-Control"] == 'content="ESI/1.0"'
    fragment = Client().get("/fragments/latest/", headers=ESI).content.decode()
    assert "Ferry strike called off" in fragment


def test_the_fragment_kept_for_a_page_also_serves_the_edge_asking_for_it(a_published_article):
    """Varnish fetches /fragments/latest/ as a page of its own: the copy the app kept
    while filling a page in must serve it too."""
    Client().get(a_published_article.get_absolute_url())  # fills the box, keeps the fragment
    response = Client().get("/fragments/latest/", headers={"Surrogate-Capability": "v=ESI/1.0"})
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert a_published_article.headline in response.content.decode()
