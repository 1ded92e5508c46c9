from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Article, Author, Category, Source


class PublishedArticleMixin:
    """Lists show only what ``Article.objects.published()`` allows, card-ready."""

    model = Article
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleListView(PublishedArticleMixin, ListView):
    """The home page: newest articles first."""


class ArchiveView(PublishedArticleMixin, ListView):
    """An archive of one category, tag, source or author; subclasses say which."""

    template_name = "articles/article_archive.html"
    subject_model = None

    @cached_property
    def subject(self):
        return get_object_or_404(self.subject_model, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class CategoryArchiveView(ArchiveView):
    subject_model = Category

    def get_queryset(self):
        # A main section's archive includes its subsections.
        return (
            super()
            .get_queryset()
            .filter(categories__in=[self.subject, *self.subject.children.all()])
            .distinct()
        )


class SourceArchiveView(ArchiveView):
    subject_model = Source

    def get_queryset(self):
        return super().get_queryset().filter(source=self.subject)


class AuthorArchiveView(ArchiveView):
    subject_model = Author

    def get_queryset(self):
        return super().get_queryset().filter(authors=self.subject)


class TagArchiveView(ArchiveView):
    def get_queryset(self):
        return super().get_queryset().filter(tags=self.subject)

    @cached_property
    def subject(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])


class ArticleDetailView(DetailView):
    """One article at its permalink; staff who can edit articles also see drafts."""

    model = Article

    def can_preview(self):
        return self.request.user.has_perm("articles.change_article")

    def get_queryset(self):
        articles = Article.objects.all() if self.can_preview() else Article.objects.published()
        return articles.select_related("source").prefetch_related("categories", "authors", "tags")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            # The slug is unique; a wrong date in the address is an old or mistyped link.
            return redirect(canonical, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_published():
            add_never_cache_headers(response)
        return response

    def get_object(self, queryset=None):
        try:
            return (queryset or self.get_queryset()).get(slug=self.kwargs["slug"])
        except Article.DoesNotExist:
            raise Http404("No article at this address.") from None
