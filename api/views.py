"""
The public API's endpoints, version 1 (mounted at /api/v1/ by ``api/urls.py``).

Every article comes from ``Article.objects.published()``. Each read endpoint names what it
shows with ``pagecache.depends_on`` (the keys of ``articles/pagekeys.py`` and
``comments/pagekeys.py``), exactly as pages do, so an edit purges its answers from the app
cache and the edge with the pages that show the same content.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from taggit.models import Tag

from articles import pagekeys
from articles.models import Article, Author, Category, Source, TaggedArticle
from articles.search import normalise_query, search_articles
from comments import moderation
from comments.conf import rules_read_once
from comments.forms import CommentForm
from comments.models import Comment
from comments.pagekeys import RULES, thread_key
from comments.rules import form_token
from comments.submission import article_for_comment, submit
from newsroom import pagecache
from newsroom.client_ip import client_ip

from . import keyset, representations, schemas, summaries

router = Router()
ARTICLE_ORDER = ("-published_at", "-pk")


class Paging(Schema):
    cursor: str | None = Field(
        None, description="The `next_cursor` of the page before; leave out for the first."
    )
    limit: int = Field(
        keyset.DEFAULT_LIMIT,
        ge=1,
        le=keyset.MAX_LIMIT,
        description=f"Items a page, at most {keyset.MAX_LIMIT}.",
    )


class ArticleFilters(Paging):
    section: str | None = None
    tag: str | None = None
    source: str | None = None
    author: str | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None
    q: str | None = None


def aware(moment):
    """A time without a zone (``2026-11-27``, ``2026-11-27T09:00``) is the newsroom's."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def paged(request, queryset, ordering, paging, represent):
    items, next_cursor = keyset.page(queryset, ordering, cursor=paging.cursor, limit=paging.limit)
    return {
        "items": [represent(request, item) for item in items],
        "next": keyset.next_url(request, next_cursor),
        "next_cursor": next_cursor,
    }


@router.get(
    "/articles",
    response=schemas.page_of(schemas.ArticleSummary),
    summary="Published articles, newest first",
    url_name="articles",
    tags=["Articles"],
)
def list_articles(request, filters: Query[ArticleFilters]):
    """Filters combine: `?section=politics&tag=elections` is both. `section` includes its
    subsections. `q` searches as the site's search does (on PostgreSQL, among the newest
    thousand matches), newest first here."""
    # Only what a summary shows; sections and authors are loaded only for the summaries
    # not kept in the cache (api/summaries.py).
    articles = (
        Article.objects.published().select_related("source").only(*representations.SUMMARY_FIELDS)
    )
    keys = [pagekeys.TAXONOMY]
    if filters.section:
        section = get_object_or_404(Category, slug=filters.section)
        articles = articles.in_section(section)
        keys.append(pagekeys.section(section.pk))
    if filters.tag:
        tag = get_object_or_404(Tag, slug=filters.tag)
        articles = articles.filter(tags=tag)
        keys.append(pagekeys.tag(tag.pk))
    if filters.source:
        source = get_object_or_404(Source, slug=filters.source)
        articles = articles.filter(source=source)
        keys.append(pagekeys.source(source.pk))
    if filters.author:
        author = get_object_or_404(Author, slug=filters.author)
        articles = articles.filter(authors=author)
        keys.append(pagekeys.author(author.pk))
    if filters.published_after:
        articles = articles.filter(published_at__gte=aware(filters.published_after))
    if filters.published_before:
        articles = articles.filter(published_at__lt=aware(filters.published_before))
    if filters.q is not None and (query := normalise_query(filters.q)):
        articles = articles.filter(pk__in=search_articles(query).values("pk"))
    if len(keys) == 1:  # no list of its own: any change to any article may show here
        keys.append(pagekeys.ARTICLES)
    pagecache.depends_on(request, *keys)
    rows, next_cursor = keyset.page(
        articles, ARTICLE_ORDER, cursor=filters.cursor, limit=filters.limit
    )
    return summaries.page_response(
        summaries.summaries(request, rows),
        keyset.next_url(request, next_cursor),
        next_cursor,
    )


@router.get(
    "/articles/{article_id}",
    response=schemas.ArticleDetail,
    summary="One published article",
    url_name="article",
    tags=["Articles"],
)
@rules_read_once
def get_article(request, article_id: int):
    article = get_object_or_404(
        Article.objects.published()
        .defer("search_document")  # the search index: as long as the body, never shown
        .select_related("source")
        .prefetch_related(
            Prefetch("categories", Category.objects.select_related("parent")),
            "authors",
            "tags",
            "corrections",
        ),
        pk=article_id,
    )
    pagecache.depends_on(
        request, pagekeys.article(article.pk), thread_key(article.pk), pagekeys.TAXONOMY, RULES
    )
    return representations.article_detail(
        request, article, comments_open=moderation.comments_open(article)
    )


def published_article(request, article_id):
    """The article, if published, with what the comment rules read (404 if not)."""
    pagecache.depends_on(request, pagekeys.article(article_id), pagekeys.TAXONOMY)
    return article_for_comment(article_id)


@router.get(
    "/articles/{article_id}/comments",
    response=schemas.page_of(schemas.Comment),
    summary="The approved comments of an article, oldest first",
    url_name="comments",
    tags=["Comments"],
)
def list_comments(request, article_id: int, paging: Query[Paging]):
    """Replies carry their `parent_id` and `depth`, so a client can thread them."""
    article = get_object_or_404(Article.objects.published().only("pk"), pk=article_id)
    pagecache.depends_on(request, pagekeys.article(article.pk), thread_key(article.pk))
    comments = Comment.objects.approved().filter(article=article)
    return paged(
        request,
        comments,
        ("submitted_at", "pk"),
        paging,
        lambda request, item: representations.comment(item),
    )


@router.post(
    "/articles/{article_id}/comments",
    response={
        201: schemas.CommentReceived,
        400: schemas.Refusal,
        403: schemas.Refusal,
        404: schemas.Error,
    },
    summary="Post a comment",
    url_name="comments",
    tags=["Comments"],
)
@rules_read_once
def post_comment(request, article_id: int, payload: schemas.CommentIn):
    """Exactly what the site's comment form does: the same checks, the same moderation.

    First `GET …/comments/form` for a token, and let a person take their time: a comment
    sent within seconds of the token is refused, like a form sent that fast. A refused
    comment answers 400 with the reasons (by field; `__all__` for the comment as a whole)
    and, when it may simply be sent again, a fresh `token`.
    """
    article = published_article(request, article_id)
    if reason := moderation.closed_reason(article):
        return Status(403, {"detail": reason})
    form = CommentForm(payload.dict(), article=article)
    submission = submit(
        form,
        article,
        ip_address=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
    )
    if submission.accepted:
        comment = submission.comment
        shown = "approved" if comment.status == Comment.Status.APPROVED else "pending"
        # Spam is "pending" to its sender, as on the site: it learns nothing from it.
        return Status(201, {"id": comment.pk, "status": shown})
    errors = {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }
    fresh = form.data.get("token") if form.data.get("token") != payload.token else None
    return Status(
        400, {"detail": gettext("The comment was not accepted."), "errors": errors, "token": fresh}
    )


@router.get(
    "/articles/{article_id}/comments/form",
    response=schemas.CommentForm,
    summary="Whether an article takes comments, and a token to send one with",
    url_name="comment_form",
    tags=["Comments"],
)
@rules_read_once
def comment_form(request, article_id: int):
    article = published_article(request, article_id)
    reason = moderation.closed_reason(article)
    if reason:
        return {"open": False, "closed_reason": reason}
    return {"open": True, "token": form_token(article.pk)}


@router.get(
    "/sections",
    response=schemas.page_of(schemas.Section),
    summary="Sections and subsections, in the site's navigation order",
    url_name="sections",
    tags=["Sections, tags, sources and authors"],
)
def list_sections(request, paging: Query[Paging]):
    pagecache.depends_on(request, pagekeys.TAXONOMY)
    return paged(
        request, Category.objects.all(), ("position", "name", "pk"), paging, representations.section
    )


@router.get(
    "/tags",
    response=schemas.page_of(schemas.Tag),
    summary="Tags of published articles, by name",
    url_name="tags",
    tags=["Sections, tags, sources and authors"],
)
def list_tags(request, paging: Query[Paging]):
    pagecache.depends_on(request, pagekeys.TAXONOMY, pagekeys.ARTICLES)
    in_use = TaggedArticle.objects.filter(
        tag=OuterRef("pk"), content_object__in=Article.objects.published()
    )
    return paged(
        request, Tag.objects.filter(Exists(in_use)), ("name", "pk"), paging, representations.tag
    )


@router.get(
    "/sources",
    response=schemas.page_of(schemas.Source),
    summary="Wire agencies and outlets stories come from",
    url_name="sources",
    tags=["Sections, tags, sources and authors"],
)
def list_sources(request, paging: Query[Paging]):
    pagecache.depends_on(request, pagekeys.TAXONOMY)
    return paged(request, Source.objects.all(), ("name", "pk"), paging, representations.source)


@router.get(
    "/authors",
    response=schemas.page_of(schemas.Author),
    summary="Authors, by name",
    url_name="authors",
    tags=["Sections, tags, sources and authors"],
)
def list_authors(request, paging: Query[Paging]):
    pagecache.depends_on(request, pagekeys.TAXONOMY)
    return paged(request, Author.objects.all(), ("name", "pk"), paging, representations.author)
