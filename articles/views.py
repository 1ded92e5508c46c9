import datetime

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.dates import MONTHS
from django.utils.encoding import escape_uri_path
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from newsroom import pagecache
from newsroom.slugs import slug_for

from . import pagekeys, redirects, seo
from .models import Article, ArticleRedirect, Author, Category, Correction, Source
from .search import (
    RANKING_WINDOW,
    add_snippets,
    normalise_query,
    search_articles,
    snippet_html,
)


class CountRememberingPaginator(Paginator):
    """Counting a large archive costs tens of milliseconds: count once per change to it."""

    def __init__(self, *args, count_key, depends, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        self.depends = depends

    @cached_property
    def count(self):
        return pagecache.remember(self.count_key, self.count_rows, depends=self.depends)

    def count_rows(self):
        return super().count


class PublishedArticleMixin:
    """Lists show only what ``Article.objects.published()`` allows, card-ready."""

    model = Article
    paginate_by = 12

    def list_keys(self):
        """The surrogate keys of the list this page shows."""
        return [pagekeys.ARTICLES]

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = context["page_obj"].number
        pagecache.canonical(self.request, page=number if number > 1 else None)
        return context

    def get_paginator(self, queryset, per_page, **kwargs):
        keys = self.list_keys()
        pagecache.depends_on(self.request, *keys)
        key = f"count:{self.request.path}"
        return CountRememberingPaginator(queryset, per_page, count_key=key, depends=keys, **kwargs)


def latest_by_section(per_section=4):
    """{main category: its newest articles}, subsections included, in two queries."""
    section = Coalesce("category__parent_id", "category_id")
    ranked = (
        Article.categories.through.objects.filter(
            article__in=Article.objects.published().values("pk")
        )
        .annotate(
            section=section,
            rank=Window(
                RowNumber(), partition_by=[section], order_by=F("article__published_at").desc()
            ),
        )
        .filter(rank__lte=per_section)
        .values_list("section", "article_id")
    )
    pairs = list(ranked)
    articles = Article.objects.for_listing().in_bulk({article_id for _, article_id in pairs})
    by_section = {}
    for section_id, article_id in pairs:
        stories = by_section.setdefault(section_id, [])
        if articles[article_id] not in stories:
            stories.append(articles[article_id])
    for stories in by_section.values():
        stories.sort(key=lambda article: article.published_at, reverse=True)
    return [
        (category, by_section[category.pk])
        for category in Category.objects.filter(parent=None)
        if category.pk in by_section
    ]


class ArticleListView(PublishedArticleMixin, ListView):
    """The home page: the editors' top stories (the first leads), the latest news, then a
    block per section. Without top stories the newest "lead story" article leads."""

    top_story_count = 5  # the lead and four more

    def get(self, request, *args, **kwargs):
        pagecache.depends_on(request, pagekeys.FRONT_PAGE)
        # One query: the picks in the editors' order, then the newest lead stories.
        candidates = list(
            super()
            .get_queryset()
            .filter(Q(top_story__isnull=False) | Q(is_featured=True))
            .annotate(pick=F("top_story__position"))
            .order_by(
                F("top_story__position").asc(nulls_last=True), "top_story__pk", "-published_at"
            )[: self.top_story_count]
        )
        picked = [story for story in candidates if story.pick is not None]
        if picked:
            self.lead, self.top_stories = picked[0], picked[1:]
        else:
            self.lead, self.top_stories = (candidates[0] if candidates else None), []
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        shown = [story.pk for story in (self.lead, *self.top_stories) if story]
        return super().get_queryset().exclude(pk__in=shown)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["lead_story"] = self.lead
            context["top_stories"] = self.top_stories
            context["sections"] = latest_by_section()
        return context


class ArchiveView(PublishedArticleMixin, ListView):
    """A paginated archive; subclasses choose the articles and the heading."""

    template_name = "articles/article_archive.html"
    kind = ""
    feed_url_name = None

    def get_subject(self):
        raise NotImplementedError

    @cached_property
    def subject(self):
        return self.get_subject()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            subject=self.subject, kind=self.kind, heading=str(self.subject), **kwargs
        )
        if self.feed_url_name:
            context["feed_rss"] = f"{self.feed_url_name}_rss"
            context["feed_atom"] = f"{self.feed_url_name}_atom"
        return context


class SlugArchiveView(ArchiveView):
    subject_model = None

    def get(self, request, *args, **kwargs):
        try:
            self.subject  # noqa: B018 (loaded here so that a miss can redirect)
        except Http404:
            # "Perú" typed in the address, or a link from before the slug rule: go to
            # the rule's form of the same name, if there is one.
            canonical = slug_for(self.kwargs["slug"])
            if canonical == self.kwargs["slug"]:
                raise
            get_object_or_404(self.subject_model, slug=canonical)
            return redirect(request.resolver_match.view_name, slug=canonical, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_subject(self):
        return get_object_or_404(self.subject_model, slug=self.kwargs["slug"])


class CategoryArchiveView(SlugArchiveView):
    subject_model = Category
    kind = pgettext_lazy("archive kind", "Category")
    feed_url_name = "articles:category_feed"

    def list_keys(self):
        return [pagekeys.section(self.subject.pk)]

    def get_queryset(self):
        articles = super().get_queryset().in_section(self.subject)
        if self.subject.pinned_article_id:
            articles = articles.exclude(pk=self.subject.pinned_article_id)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pinned_id = self.subject.pinned_article_id
        if pinned_id and context["page_obj"].number == 1:
            # A pinned story shows on its own section's first page, wherever it is filed.
            pagecache.depends_on(self.request, pagekeys.article(pinned_id))
            pinned = Article.objects.published().for_listing().filter(pk=pinned_id).first()
            context["pinned_story"] = pinned
        return context


class SourceArchiveView(SlugArchiveView):
    subject_model = Source
    kind = pgettext_lazy("archive kind", "Source")
    feed_url_name = "articles:source_feed"

    def list_keys(self):
        return [pagekeys.source(self.subject.pk)]

    def get_queryset(self):
        return super().get_queryset().filter(source=self.subject)


class AuthorArchiveView(SlugArchiveView):
    subject_model = Author
    kind = pgettext_lazy("archive kind", "Author")
    feed_url_name = "articles:author_feed"
    template_name = "articles/author_archive.html"

    def list_keys(self):
        return [pagekeys.author(self.subject.pk)]

    def get_queryset(self):
        return super().get_queryset().filter(authors=self.subject)

    def get_context_data(self, **kwargs):
        profile = seo.author_profile(self.subject, self.request)
        return super().get_context_data(author_json_ld=profile, **kwargs)


class TagArchiveView(SlugArchiveView):
    subject_model = Tag
    kind = pgettext_lazy("archive kind", "Tag")
    feed_url_name = "articles:tag_feed"

    def list_keys(self):
        return [pagekeys.tag(self.subject.pk)]

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.subject)


class DateArchiveView(ArchiveView):
    """A year's, month's or day's stories, by the date in the newsroom's time zone."""

    kind = pgettext_lazy("archive kind", "Archive")

    def get_subject(self):
        year, month, day = self.kwargs["year"], self.kwargs.get("month"), self.kwargs.get("day")
        try:
            date = datetime.date(year, month or 1, day or 1)
        except ValueError:
            raise Http404("No such date.") from None
        if day:
            return date_format(date, gettext("j F Y"))
        if month:
            # Translators: a month's archive heading, "November 2026".
            return gettext("%(month)s %(year)d") % {"month": MONTHS[month], "year": year}
        return str(year)

    def get_queryset(self):
        articles = super().get_queryset().filter(published_at__year=self.kwargs["year"])
        if month := self.kwargs.get("month"):
            articles = articles.filter(published_at__month=month)
        if day := self.kwargs.get("day"):
            articles = articles.filter(published_at__day=day)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kwargs.get("day"):
            year, month = self.kwargs["year"], self.kwargs["month"]
            context["up"] = (reverse("articles:month", args=[year, month]), MONTHS[month])
        return context


class ArticleDetailView(DetailView):
    """One article at its permalink; staff who can edit articles also see drafts."""

    model = Article

    def can_preview(self):
        # Anonymous page-cache renders never look at the session (it would add Vary: Cookie).
        if getattr(self.request, "page_cache", None):
            return False
        return self.request.user.has_perm("articles.change_article")

    def get_queryset(self):
        articles = Article.objects.all() if self.can_preview() else Article.objects.published()
        return articles.select_related("source").prefetch_related(
            Prefetch("categories", Category.objects.select_related("parent")),
            "authors",
            "tags",
            "corrections",
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if escape_uri_path(request.path) != canonical:
            # An imported site's old address of another story that had the same slug.
            moved = redirects.redirect_for(request.path)
            if moved:
                return moved
            # The slug is unique; a wrong date in the address is an old or mistyped link.
            return redirect(canonical, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_published():
            add_never_cache_headers(response)
        return response

    def get_object(self, queryset=None):
        articles = self.get_queryset()
        try:
            return articles.get(slug=self.kwargs["slug"])
        except Article.DoesNotExist:
            pass
        moved = ArticleRedirect.objects.filter(old_slug=self.kwargs["slug"]).first()
        if moved:
            article = articles.filter(pk=moved.article_id).first()
            if article:
                return article
        raise Http404("No article at this address.")

    def get_context_data(self, **kwargs):
        article = self.object
        tag_ids = [tag.pk for tag in article.tags.all()]
        category_ids = [category.pk for category in article.categories.all()]
        related = (
            Article.objects.published()
            .filter(
                pk__in=Article.objects.filter(
                    Q(tags__in=tag_ids) | Q(categories__in=category_ids)
                ).values("pk")
            )
            .exclude(pk=article.pk)
            .only("headline", "slug", "published_at", "created_at")[:4]
        )
        related = list(related)
        pagecache.depends_on(
            self.request,
            pagekeys.article(article.pk),
            *(pagekeys.article(story.pk) for story in related),
        )
        return super().get_context_data(
            related=related,
            was_updated=seo.was_updated(article),
            share_image=seo.share_image(article),
            json_ld=seo.news_article(article, self.request),
            **kwargs,
        )


class CorrectionListView(ListView):
    """Every published correction, newest first (/corrections/)."""

    template_name = "articles/correction_list.html"
    paginate_by = 30

    def get_queryset(self):
        pagecache.depends_on(self.request, pagekeys.CORRECTIONS, pagekeys.ARTICLES)
        return Correction.objects.published()


def search(request):
    """Search form and results; an empty query shows the form with a hint."""
    query = normalise_query(request.GET.get("q", ""))
    context = {"query": query, "page_obj": None, "results": []}
    if query:
        paginator = Paginator(search_articles(query), 12)
        page_obj = paginator.get_page(request.GET.get("page"))
        articles = list(page_obj.object_list)
        add_snippets(articles, query)
        results = [(article, snippet_html(article)) for article in articles]
        capped = connection.vendor == "postgresql" and paginator.count >= RANKING_WINDOW
        context.update(page_obj=page_obj, results=results, results_capped=capped)
    return render(request, "articles/search.html", context)


def breaking(request):
    """The breaking-news banner on its own, for edge-side includes (see ``breaking_news``)."""
    from .templatetags.articles_tags import breaking_context

    pagecache.depends_on(request, pagekeys.BREAKING)
    context = breaking_context()
    if context["banner"] and context["banner"].article_id:
        pagecache.depends_on(request, pagekeys.article(context["banner"].article_id))
    return render(request, "articles/includes/breaking.html", context)


def latest(request):
    """The "Latest" box on its own, for edge-side includes (see ``latest_box``)."""
    from .templatetags.articles_tags import latest_context

    pagecache.depends_on(request, pagekeys.ARTICLES)
    return render(request, "articles/includes/latest_articles.html", latest_context())
