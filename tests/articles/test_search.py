import pytest
from django.db import connection
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


def result_headlines(response):
    return [article.headline for article, _ in response.context["results"]]


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_shows_the_form_with_a_hint(client, query, a_published_article):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assertContains(response, "Type one or more words")
    assertNotContains(response, "result")
    assert response.context["results"] == []


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE articles_article; --",
        '"unclosed',
        "<script>alert(1)</script>",
        "a & b | !c",
        "x" * 5000,
        "100%",
        "\x00\x01 river",
    ],
)
def test_hostile_queries_are_just_text(client, query, a_published_article):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assertNotContains(response, "<script>alert(1)</script>")
    # The query was text, not SQL: the article is still there and still found.
    found = client.get("/search/", {"q": "council budget"})
    assert result_headlines(found) == [a_published_article.headline]


def test_drafts_are_never_found(client, a_draft_article):
    response = client.get("/search/", {"q": "Unfinished"})
    assert result_headlines(response) == []


def test_matches_are_found_and_others_are_not(client):
    ArticleFactory(headline="River levels fall", body="<p>The Río Claro is low.</p>")
    ArticleFactory(headline="Festival returns", body="<p>Dancers fill the plaza.</p>")
    response = client.get("/search/", {"q": "river"})
    assert result_headlines(response) == ["River levels fall"]
    assertContains(response, "1 result")


def test_results_paginate_keeping_the_query(client):
    for n in range(14):
        ArticleFactory(headline=f"Mining story {n}")
    response = client.get("/search/", {"q": "mining"})
    assert len(response.context["results"]) == 12
    assertContains(response, 'href="?q=mining&amp;page=2"')
    page_two = client.get("/search/", {"q": "mining", "page": 2})
    assert len(page_two.context["results"]) == 2


@on_postgresql
def test_postgresql_ranks_headline_above_standfirst_above_body(client):
    ArticleFactory(headline="Council news", standfirst="Nothing", body="<p>About cacao.</p>")
    ArticleFactory(headline="Cacao harvest", standfirst="Nothing", body="<p>Nothing.</p>")
    ArticleFactory(headline="Farm news", standfirst="The cacao price", body="<p>Nothing.</p>")
    response = client.get("/search/", {"q": "cacao"})
    assert result_headlines(response) == ["Cacao harvest", "Farm news", "Council news"]


@on_postgresql
def test_postgresql_stems_and_highlights_with_escaped_snippets(client):
    ArticleFactory(
        headline="Floods",
        body="<p>Heavy rains <b>flooded</b> the plaza &amp; the market on Sunday.</p>",
    )
    response = client.get("/search/", {"q": "flooding"})
    assert result_headlines(response) == ["Floods"]
    snippet = str(response.context["results"][0][1])
    assert "<mark>flooded</mark>" in snippet
    assert "<b>" not in snippet and "&amp;" in snippet


def test_phrases_and_exclusion_work_on_every_engine(client):
    """The search page promises “quotes” and -word: on SQLite as on PostgreSQL."""
    assertContains(client.get("/search/"), "Put a phrase in “quotes”")
    ArticleFactory(headline="Coffee exports rise", body="<p>direct export to Europe</p>")
    ArticleFactory(headline="Coffee prices fall", body="<p>export direct through traders</p>")
    assert result_headlines(client.get("/search/", {"q": '"direct export"'})) == [
        "Coffee exports rise"
    ]
    assert result_headlines(client.get("/search/", {"q": "coffee -traders"})) == [
        "Coffee exports rise"
    ]
    assert result_headlines(client.get("/search/", {"q": 'coffee -"export direct"'})) == [
        "Coffee exports rise"
    ]


@on_postgresql
def test_postgresql_search_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_article_search_gin'"
        )
        assert "gin (search_document)" in cursor.fetchone()[0]


@on_sqlite
def test_sqlite_fallback_needs_every_word_and_lists_newest_first(client):
    older = ArticleFactory(headline="Bridge contract trial")
    ArticleFactory(headline="Bridge reopens")
    newer = ArticleFactory(headline="Trial over bridge contract continues")
    older.published_at = newer.published_at.replace(year=newer.published_at.year - 1)
    older.save()
    response = client.get("/search/", {"q": "bridge trial"})
    assert result_headlines(response) == [newer.headline, older.headline]
