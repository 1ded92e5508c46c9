"""
Each article's summary as the API lists it, kept as JSON under the article's own keys.

A list is purged by every publication, but the articles on it mostly did not change: the
list is rendered again from one query for the page's rows and one cache read for their
summaries; only an article whose keys were purged (``article:N``, or ``taxonomy`` for
the names on it) has its sections and authors loaded and is represented again. Each
summary is checked against ``schemas.ArticleSummary`` when it is made, as ninja checks
whole answers.
"""

import json

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.utils.translation import get_language
from ninja.responses import NinjaJSONEncoder

from articles import pagekeys
from newsroom import pagecache

from . import representations, schemas

CONTENT_TYPE = "application/json; charset=utf-8"


def as_json(data):
    """JSON text as ninja writes it (the same encoder and separators)."""
    return json.dumps(data, cls=NinjaJSONEncoder)


def summaries(request, articles):
    """The JSON text of each article's summary, in order. ``articles`` come from one query
    with ``select_related("source")``; sections and authors are loaded (two queries) only
    for those whose summary is not at hand."""
    # Addresses in a summary are absolute: one copy per site address and language.
    site = f"{get_language()}|{request.scheme}://{request.get_host()}"
    named = {f"api:summary:{site}:{article.pk}": article for article in articles}

    def make(missing):
        rows = [named[name] for name in missing]
        prefetch_related_objects(rows, "categories", "authors")
        return {
            name: as_json(
                schemas.ArticleSummary.model_validate(
                    representations.article_summary(request, article)
                ).model_dump()
            )
            for name, article in zip(missing, rows, strict=True)
        }

    kept = pagecache.remember_many(
        {
            name: (pagekeys.article(article.pk), pagekeys.TAXONOMY)
            for name, article in named.items()
        },
        make,
    )
    return [kept[name] for name in named]


def page_response(items, next_url, next_cursor):
    """A page of items already in JSON, as ``schemas.page_of`` describes it."""
    body = (
        f'{{"items": [{", ".join(items)}], "next": {as_json(next_url)}, '
        f'"next_cursor": {as_json(next_cursor)}}}'
    )
    return HttpResponse(body, content_type=CONTENT_TYPE)
