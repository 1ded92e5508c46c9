"""
Article search: one function, two engines.

On PostgreSQL, full-text search over a trigger-maintained ``tsvector`` with a
GIN index, ranked with the headline above the standfirst above the body, and a
highlighted snippet per result. On SQLite (the embedded default), every word
must appear somewhere in the article; newest first, the standfirst as snippet.
Both engines understand what the search page promises: a “phrase in quotes” and
a -word to leave out (``search_terms`` reads them the way PostgreSQL's
websearch syntax does).
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

MAX_QUERY_LENGTH = 200
# Control characters cannot come from a search box; they bracket highlights
# so that the snippet can be escaped first and marked up after.
_START, _STOP = "\x02", "\x03"


def normalise_query(raw):
    """Collapse whitespace, drop control characters and cap the length."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


# On PostgreSQL the ranking considers the newest matches only: a reader searching a news
# archive wants recent stories first, and ranking every match of a common word across a
# hundred thousand articles costs hundreds of milliseconds.
RANKING_WINDOW = 1000


def search_articles(query):
    """Published articles matching ``query``, best first."""
    articles = Article.objects.published().for_listing()
    if connection.vendor == "postgresql":
        search_query = _search_query(query)
        newest_matches = (
            Article.objects.published()
            .filter(search_document=search_query)
            .order_by("-published_at")
            .values("pk")[:RANKING_WINDOW]
        )
        return (
            articles.filter(pk__in=newest_matches)
            .annotate(rank=SearchRank(F("search_document"), search_query))
            .order_by("-rank", "-published_at")
        )
    wanted, unwanted = search_terms(query)
    if not (wanted or unwanted):
        return articles.none()
    condition = Q()
    for term in wanted:
        condition &= _contains(term)
    for term in unwanted:
        condition &= ~_contains(term)
    return articles.filter(condition).order_by("-published_at")


_TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')


def search_terms(query):
    """(terms that must appear, terms that must not): "a phrase" is one term and a
    leading minus leaves a word or phrase out."""
    wanted, unwanted = [], []
    for minus, phrase, word in _TERM.findall(query):
        term = " ".join((phrase or word).split()).strip('"')
        if term.strip("-"):
            (unwanted if minus else wanted).append(term)
    return wanted, unwanted


def _contains(term):
    return Q(headline__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term)


def _search_query(query):
    return SearchQuery(query, config="english", search_type="websearch")


def add_snippets(articles, query):
    """Give each article of a results page ``.snippet_text``, in one query (PostgreSQL).

    Done for the page only: highlighting is the costliest part of a search.
    """
    if connection.vendor != "postgresql" or not articles:
        return
    plain_body = Func(
        F("body"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace"
    )
    snippets = dict(
        Article.objects.filter(pk__in=[article.pk for article in articles])
        .annotate(
            snippet=SearchHeadline(
                plain_body,
                _search_query(query),
                config="english",
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
            )
        )
        .values_list("pk", "snippet")
    )
    for article in articles:
        article.snippet_text = snippets.get(article.pk, "")


def snippet_html(article):
    """The result's snippet, escaped, with the matched words in <mark>."""
    text = getattr(article, "snippet_text", None)
    if not text:
        return escape(article.standfirst)
    html = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    # Escaped above; only our own <mark> elements are added.
    return mark_safe(html)  # nosec B308 B703
