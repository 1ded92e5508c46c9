from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from .library import LibraryImage
from .models import SLUG_HELP, Article, Author, BreakingNews, Category, Source, TopStory
from .sanitize import contains_unsafe_markup

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


class CategoryListFilter(admin.RelatedFieldListFilter):
    """Sections by their full name (“Law & Justice › Courts”) in one query, not one each."""

    def field_choices(self, field, request, model_admin):
        return [
            (category.pk, str(category)) for category in Category.objects.select_related("parent")
        ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "website", "article_count")
    search_fields = ("name", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


class SectionLevelFilter(admin.SimpleListFilter):
    """Main sections or subsections, in words (not “Empty / Not empty” of the parent)."""

    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [("main", "Main sections"), ("sub", "Subsections")]

    def queryset(self, request, queryset):
        if self.value() == "main":
            return queryset.filter(parent=None)
        if self.value() == "sub":
            return queryset.exclude(parent=None)
        return queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("section", "position", "article_count")
    list_editable = ("position",)
    list_filter = (SectionLevelFilter,)
    search_fields = ("name", "parent__name")
    autocomplete_fields = ("pinned_article",)
    list_select_related = ("parent",)

    # Each main section followed by its subsections, as in the site's navigation.
    ordering = (
        Coalesce("parent__position", "position"),
        Coalesce("parent__name", "name"),
        F("parent").asc(nulls_first=True),
        "position",
        "name",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Section", ordering="name")
    def section(self, obj):
        return str(obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # Only main sections can take subsections: one level of nesting.
            kwargs["queryset"] = Category.objects.filter(parent=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(TopStory)
class TopStoryAdmin(admin.ModelAdmin):
    """The front page's top stories, in order: the first leads the home page."""

    list_display = ("position", "article", "is_live")
    list_display_links = ("article",)
    list_editable = ("position",)
    autocomplete_fields = ("article",)
    list_select_related = ("article",)

    @admin.display(description="On the site", boolean=True)
    def is_live(self, obj):
        return obj.article.is_published()


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    list_display = ("text", "starts_at", "expires_at", "is_live")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("article",)

    @admin.display(description="Showing now", boolean=True)
    def is_live(self, obj):
        return obj.starts_at <= timezone.now() < obj.expires_at


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "user", "article_count")
    search_fields = ("name", "user__username")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)
    ordering = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "role", "user")}),
        ("Author page", {"fields": ("photo", "bio", "email", "website", "social_links")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    # taggit's own admin lists generic tagged items, which our articles are not.
    inlines = []
    list_display = ("name", "slug", "article_count")
    # The slug is made on save by the project's rule (articles/tags.py), not by the browser.
    prepopulated_fields = {}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "slug" in form.base_fields:  # not for those who may only view tags
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = SLUG_HELP
        return form

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles_taggedarticle_items"))
        )

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


def thumbnail_url(item):
    """The smallest card crop of a library image, or the original until it exists."""
    made = item.renditions.get("card", {}).get("jpeg") if item.renditions_current() else None
    return item.file.storage.url(made[0][1]) if made else item.file.url


@admin.register(LibraryImage)
class LibraryImageAdmin(admin.ModelAdmin):
    """The media library: pictures uploaded once and used by any number of articles."""

    list_display = ("thumbnail", "__str__", "credit", "used_by", "created_at")
    list_display_links = ("thumbnail", "__str__")
    search_fields = ("alt", "caption", "credit")
    date_hierarchy = "created_at"
    fields = ("file", "thumbnail", "alt", "caption", "credit", ("focus_x", "focus_y"))
    readonly_fields = ("thumbnail",)
    list_per_page = 40
    # Explicit: the model's default ordering is dropped from the counted (GROUP BY) query.
    ordering = ("-created_at", "-pk")

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                featured_count=Count("featured_in", distinct=True),
                body_count=Count("in_bodies", distinct=True),
            )
        )

    def get_urls(self):
        picker = self.admin_site.admin_view(self.picker_view)
        return [
            path("picker/", picker, name="articles_libraryimage_picker"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # A picture inside an article's body would leave a hole in it.
        if obj is not None and obj.in_bodies.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        in_bodies = queryset.filter(in_bodies__isnull=False).distinct()
        if in_bodies.exists():
            self.message_user(
                request,
                f"{in_bodies.count()} picture(s) kept: they are inside articles’ text.",
                messages.WARNING,
            )
        super().delete_queryset(request, queryset.exclude(pk__in=in_bodies.values("pk")))

    @admin.display(description="Picture")
    def thumbnail(self, obj):
        if not obj.file:
            return "No image yet."
        return format_html(
            '<img class="library-thumbnail" src="{}" alt="{}" width="160">',
            thumbnail_url(obj),
            obj.alt,
        )

    @admin.display(description="Used in", ordering="featured_count")
    def used_by(self, obj):
        uses = obj.featured_count + obj.body_count
        return f"{uses} article(s)" if uses else "No article yet"

    def picker_view(self, request):
        """The rich-text editor's “Browse…” window: search the library, click a picture,
        and it goes into the article between the paragraphs."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        items = self.get_search_results(request, LibraryImage.objects.all(), query)[0]
        return TemplateResponse(
            request,
            "admin/articles/libraryimage/picker.html",
            {
                **self.admin_site.each_context(request),
                "title": "Choose a picture from the media library",
                "query": query,
                "callback": request.GET.get("CKEditorFuncNum", ""),
                "items": [(item, thumbnail_url(item)) for item in items[:60]],
            },
        )


class FeaturedImageFormMixin:
    """The featured image on the article form: chosen from the library or uploaded.

    A picture chosen from the library brings its words into the fields the editor left
    as they were; an upload in a form sent back with errors is kept as a library item
    and stays chosen, so nobody has to choose the file again."""

    uploaded_by = None

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("library_image")
        if cleaned.get("image") is False:  # "Clear" ticked
            cleaned["library_image"] = None
        elif chosen and "library_image" in self.changed_data and "image" not in self.files:
            for field, default in (
                ("image_alt", chosen.alt),
                ("image_caption", chosen.caption),
                ("image_credit", chosen.credit),
            ):
                if field not in self.changed_data or not cleaned.get(field):
                    cleaned[field] = default
            cleaned["image_focus_x"], cleaned["image_focus_y"] = chosen.focus()
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        upload = self.cleaned_data.get("image")
        if not self.errors or not isinstance(upload, UploadedFile) or "image" in self.errors:
            return
        item = LibraryImage(
            alt=self.cleaned_data.get("image_alt", ""),
            caption=self.cleaned_data.get("image_caption", ""),
            credit=self.cleaned_data.get("image_credit", ""),
            uploaded_by=self.uploaded_by,
        )
        item.file.save(upload.name, upload, save=True)
        self.data = self.data.copy()
        self.data["library_image"] = str(item.pk)
        self.files = self.files.copy()
        self.files.pop("image", None)
        # The bound field copied the help text when cleaning began.
        self.fields["library_image"].help_text = self["library_image"].help_text = (
            "Your upload was kept in the media library and is chosen here: you need not "
            "upload it again."
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    # Seven things to see in five columns, so that the list fits a 1280 px screen beside
    # the admin's two sidebars: sections under the headline, the time under the status,
    # the source under the byline.
    list_display = (
        "headline_and_sections",
        "state",
        "byline_and_source",
        "is_featured",
        "comments",
    )
    list_display_links = ("headline_and_sections",)
    list_filter = (
        "status",
        "kind",
        "is_featured",
        ("categories", CategoryListFilter),
        "source",
        "authors",
        "published_at",
    )
    search_fields = ("headline", "standfirst", "body")
    date_hierarchy = "published_at"
    autocomplete_fields = ("source", "categories", "authors", "library_image")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "body")}),
        (
            "Byline and classification",
            {"fields": ("kind", "sponsor", "authors", "byline", "source", "categories", "tags")},
        ),
        (
            "Featured image",
            {
                "fields": (
                    "library_image",
                    "image",
                    "image_preview",
                    "image_alt",
                    "image_caption",
                    "image_credit",
                    ("image_focus_x", "image_focus_y"),
                )
            },
        ),
        (
            "Search engines and sharing",
            {
                "classes": ("collapse",),
                "fields": (
                    "seo_title",
                    "seo_description",
                    "social_image",
                    "canonical_url",
                    "noindex",
                ),
            },
        ),
        (
            "Publishing",
            {
                "fields": (
                    "status",
                    "published_at",
                    "is_featured",
                    "allow_comments",
                    "comment_summary",
                )
            },
        ),
        (
            "History",
            {
                "classes": ("collapse",),
                "fields": ("created_by", "created_at", "last_edited_by", "updated_at"),
            },
        ),
    )
    readonly_fields = (
        "image_preview",
        "comment_summary",
        "created_by",
        "created_at",
        "last_edited_by",
        "updated_at",
    )
    actions = ("publish_now", "return_to_draft")
    list_select_related = ("source",)
    list_per_page = 50
    # Drafts (no publication time yet) first, then the newest.
    ordering = (F("published_at").desc(nulls_first=True), "-created_at")

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories", "authors")

    def get_form(self, request, obj=None, change=False, **kwargs):
        model_form = super().get_form(request, obj, change=change, **kwargs)
        return type(
            model_form.__name__,
            (FeaturedImageFormMixin, model_form),
            {"uploaded_by": request.user},
        )

    # Writers: draft and submit for review; publishing and scheduling are editors' work.

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            # Writers may read published articles here but not change them.
            if not can_publish(request.user):
                return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not can_publish(request.user):
            fields = (*fields, "published_at", "is_featured")
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {"image_focus_x", "image_focus_y"}:
            kwargs["required"] = False  # left out of a post: the centre (the default)
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "authors" and field is not None:
            field.help_text += (
                " With no author and no byline, you are made the author when you save."
            )
        if db_field.name == "tags" and field is not None:
            field.widget.attrs["class"] = "vLargeTextField"  # names not cut off mid-word
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "categories":
            # A subsection's name includes its section's (“Law & Justice › Courts”).
            kwargs["queryset"] = Category.objects.select_related("parent")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in Article.Status.choices
                if value != Article.Status.PUBLISHED
            ]
        if db_field.name == "kind":
            # A post that leaves the type out (a form saved before types existed) keeps News.
            kwargs["required"] = False
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if obj.status == Article.Status.PUBLISHED and not can_publish(request.user):
            raise PermissionDenied("Only editors can publish articles.")
        if not change:
            obj.created_by = request.user
        obj.last_edited_by = request.user

        now = timezone.now()
        going_live = obj.status == Article.Status.PUBLISHED and (
            not change or form.initial.get("status") != Article.Status.PUBLISHED
        )
        if going_live and obj.published_at and obj.published_at < now:
            obj.published_at = now
            self.message_user(
                request,
                "The publication time had already passed, so the article was published now.",
                messages.INFO,
            )
        if contains_unsafe_markup(form.data.get("body", "")):
            self.message_user(
                request,
                "Some markup in the body was removed because it could run code on readers’ "
                "pages (scripts, event handlers or javascript: links).",
                messages.WARNING,
            )
        super().save_model(request, obj, form, change)
        if obj.is_scheduled():
            when = timezone.localtime(obj.published_at)
            self.message_user(
                request,
                f"Scheduled: “{obj}” will appear on the site on {when:%d %b %Y at %H:%M}.",
                messages.INFO,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        author = getattr(request.user, "author", None)
        if author and not article.byline and not article.authors.exists():
            article.authors.add(author)

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        published = 0
        for article in queryset:
            if not article.is_published():
                article.status = Article.Status.PUBLISHED
                article.published_at = now
                article.last_edited_by = request.user
                article.save()
                published += 1
        self.message_user(request, f"{published} article(s) published.", messages.SUCCESS)

    @admin.action(description="Return to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        returned = 0
        for article in queryset.exclude(status=Article.Status.DRAFT):
            article.status = Article.Status.DRAFT
            article.last_edited_by = request.user
            article.save()
            returned += 1
        self.message_user(request, f"{returned} article(s) returned to draft.", messages.SUCCESS)

    @admin.display(description="Headline", ordering="headline")
    def headline_and_sections(self, obj):
        sections = ", ".join(category.name for category in obj.categories.all())
        return format_html(
            '{}<span class="list-detail">{}</span>', obj.headline, sections or "No section"
        )

    @admin.display(description="Status", ordering="published_at")
    def state(self, obj):
        status = "Scheduled" if obj.is_scheduled() else obj.get_status_display()
        if obj.published_at is None:
            return status
        when = f"{timezone.localtime(obj.published_at):%d %b %Y, %H:%M}"
        return format_html('{}<span class="list-detail">{}</span>', status, when)

    @admin.display(description="Byline / source")
    def byline_and_source(self, obj):
        byline = ", ".join(obj.byline_names) or "—"
        if obj.source is None:
            return byline
        return format_html('{}<span class="list-detail">Source: {}</span>', byline, obj.source)

    @admin.display(description="Comments", ordering="approved_comment_count")
    def comments(self, obj):
        url = reverse("admin:comments_comment_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}&amp;status=all">{}</a>',
            url,
            obj.pk,
            obj.approved_comment_count,
        )

    @admin.display(description="Comments by status")
    def comment_summary(self, obj):
        if obj.pk is None:
            return "No comments yet."
        counts = dict(obj.comments.order_by().values_list("status").annotate(n=Count("pk")))
        url = reverse("admin:comments_comment_changelist")
        return format_html_join(
            " · ",
            '<a href="{}?article__id__exact={}&amp;status={}">{}: {}</a>',
            (
                (url, obj.pk, status, label, counts.get(status, 0))
                # The comments app's states, through the relation: articles imports no comments.
                for status, label in obj.comments.model.Status.choices
            ),
        )

    @admin.display(description="Preview")
    def image_preview(self, obj):
        if not obj.image:
            return "No image yet."
        return format_html(
            '<img class="article-image-preview" src="{}" alt="{}">',
            obj.image.url,
            obj.image_alt,
        )
