from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from newsroom.slugs import slug_for, unique_slug
from newsroom.text import strip_controls

from .images import author_photo_path, image_upload_path, validate_image_upload
from .library import LibraryImage, file_featured_image, ids_in_body
from .links import link_label, validate_link_lines
from .sanitize import ARTICLE_BODY_EXTENSIONS, sanitize_article_body
from .tags import ArticleTagManager

SLUG_HELP = "The last part of the web address. Leave empty to make it from the name."


class SluggedModel(models.Model):
    """A model whose slug follows the project's one rule (newsroom/slugs.py)."""

    slug_source = "name"  # the field the slug is made from

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            max_length = self._meta.get_field("slug").max_length
            text = getattr(self, self.slug_source)
            self.slug = unique_slug(type(self), text, max_length=max_length, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        # A typed slug is put in the rule's form before the uniqueness check sees it.
        if self.slug:
            self.slug = slug_for(self.slug) or self.slug


class Source(SluggedModel):
    name = models.CharField(
        max_length=120, unique=True, help_text="As readers see it: “Source: Andina”."
    )
    slug = models.SlugField(
        max_length=120, unique=True, blank=True, allow_unicode=True, help_text=SLUG_HELP
    )
    website = models.URLField(blank=True, help_text="The agency’s or outlet’s home page.")
    description = models.TextField(
        blank=True, help_text="One or two sentences shown on the source’s archive page."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:source", kwargs={"slug": self.slug})


class CommentPolicy(models.TextChoices):
    SITE_DEFAULT = "", "Site default"
    HOLD = "hold", "Hold every comment for review"
    CLOSED = "closed", "Comments closed"


class Category(SluggedModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100, unique=True, blank=True, allow_unicode=True, help_text=SLUG_HELP
    )
    description = models.TextField(
        blank=True, help_text="Shown at the top of the category’s archive page."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Leave empty for a main section. Subsections sit one level deep.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first in the site’s navigation."
    )
    pinned_article = models.ForeignKey(
        "Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A story kept at the top of this section’s page, above the newest ones.",
    )
    comment_policy = models.CharField(
        max_length=10,
        choices=CommentPolicy,
        blank=True,
        help_text="Overrides the site’s comment policy for every article in this category, "
        "e.g. hold all comments on legally sensitive court stories.",
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": "A category cannot be its own parent."})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": "Choose a main section: subsections cannot have subsections."}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": "This category has subsections, so it must stay a main section."}
            )


class Author(SluggedModel):
    """A name that can stand in a byline, usually a staff member's public name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff account of this author, if they have one.",
    )
    name = models.CharField(max_length=120, help_text="The name as printed in bylines.")
    slug = models.SlugField(
        max_length=120, unique=True, blank=True, allow_unicode=True, help_text=SLUG_HELP
    )
    role = models.CharField(
        max_length=120, blank=True, help_text="Their job, as readers see it: “Courts reporter”."
    )
    bio = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Two or three sentences about them, shown on their author page.",
    )
    photo = models.ImageField(
        upload_to=author_photo_path,
        validators=[validate_image_upload],
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text="A head-and-shoulders portrait, shown on their author page.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_renditions = models.JSONField(
        default=dict, blank=True, editable=False, help_text="Made by articles/renditions.py."
    )
    email = models.EmailField(
        "public email",
        blank=True,
        help_text="Shown on their author page for tips and questions. Leave empty to show none.",
    )
    website = models.URLField(blank=True, help_text="Their own site, if they have one.")
    social_links = models.TextField(
        blank=True,
        validators=[validate_link_lines],
        help_text="Profiles on social networks, one full address per line, e.g. "
        "“https://mastodon.social/@rosa”.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    def photo_renditions_current(self):
        """True if the recorded renditions are of this photo."""
        return bool(self.photo) and (self.photo_renditions or {}).get("source") == self.photo.name

    def social_profiles(self):
        """(network name, address) for each social link, in the order the editor gave."""
        return [(link_label(url), url) for url in self.social_links.split() if url]


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may see: published, and due by now."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def in_section(self, category):
        """Articles filed under ``category`` or one of its subsections: what its archive
        and feed list and what its comment policy covers (``Article.sections`` is the
        same rule seen from the article)."""
        filed = Article.categories.through.objects.filter(
            models.Q(category=category) | models.Q(category__parent=category)
        )
        return self.filter(pk__in=filed.values("article_id"))

    def for_listing(self):
        """Load what an article card shows, in a fixed number of queries."""
        return self.select_related("source").prefetch_related("categories", "authors")


class Article(SluggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    class Kind(models.TextChoices):
        """What kind of journalism it is; readers see the label, search engines the type."""

        NEWS = "news", _("News")
        OPINION = "opinion", _("Opinion")
        ANALYSIS = "analysis", _("Analysis")
        REVIEW = "review", _("Review")
        SPONSORED = "sponsored", _("Sponsored")

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text="The last part of the article’s web address. Leave empty to make it from "
        "the headline; changing it after publication keeps the old address working.",
    )
    standfirst = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two sentences under the headline. Also used as the summary in "
        "lists, feeds and search engines.",
    )
    kind = models.CharField(
        "type",
        max_length=10,
        choices=Kind,
        default=Kind.NEWS,
        help_text="Opinion, analysis and reviews are labelled as such on cards and the page. "
        "Sponsored content is paid for by an advertiser and carries a disclosure.",
    )
    sponsor = models.CharField(
        max_length=150,
        blank=True,
        help_text="Sponsored content only: who paid for it, as named in the disclosure.",
    )
    body = ProseEditorField(
        extensions=ARTICLE_BODY_EXTENSIONS,
        sanitize=sanitize_article_body,
        blank=True,
        help_text="Use subheadings to break up long stories. To put a picture between two "
        "paragraphs, click the image button and “Browse…” the media library. Scripts, "
        "embedded code and images from other sites are removed when you save.",
    )
    body_images = models.ManyToManyField(
        LibraryImage,
        blank=True,
        editable=False,
        related_name="in_bodies",
        help_text="The library images the body shows, kept by save().",
    )

    library_image = models.ForeignKey(
        LibraryImage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="featured_in",
        verbose_name="choose from the media library",
        help_text="Type words from its caption, alt text or credit. Its alt text, caption and "
        "credit fill the fields below where they are empty.",
    )
    image = models.ImageField(
        "or upload a new image",
        upload_to=image_upload_path,
        validators=[validate_image_upload],
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="The featured image, shown at the top of the article and in lists. A new "
        "upload is kept in the media library for other articles too.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_focus_x = models.PositiveSmallIntegerField(
        "focal point across",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Where the picture’s subject is, from the left edge (0) to the right (100). "
        "Cards crop the picture around it.",
    )
    image_focus_y = models.PositiveSmallIntegerField(
        "focal point down",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="From the top edge (0) to the bottom (100).",
    )
    image_renditions = models.JSONField(
        default=dict, blank=True, editable=False, help_text="Made by articles/renditions.py."
    )
    image_caption = models.CharField(
        max_length=300, blank=True, help_text="What the picture shows, for every reader."
    )
    image_credit = models.CharField(
        max_length=150, blank=True, help_text="Photographer and agency, e.g. “Ana Quispe / Andina”."
    )
    image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="Describes the image for readers who cannot see it. Required with an image.",
    )

    authors = models.ManyToManyField(
        Author,
        blank=True,
        related_name="articles",
        help_text="Staff who wrote the story. Leave empty for wire copy and use the byline.",
    )
    byline = models.CharField(
        max_length=200,
        blank=True,
        help_text="Free-text byline for wire copy, e.g. “Andina staff”. Shown when no author "
        "is chosen.",
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The agency or outlet the story comes from. Leave empty for our own reporting.",
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="articles")
    tags = TaggableManager(
        through=TaggedArticle,
        manager=ArticleTagManager,
        blank=True,
        help_text="Comma-separated. Capitals and accents do not matter: “Perú”, “perú” and "
        "“Peru” are one tag.",
    )

    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Writers save drafts and send them for review; editors publish.",
    )
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="Leave empty to publish now. A future time schedules the article: it "
        "appears on the site by itself at that time.",
    )
    is_featured = models.BooleanField(
        "lead story",
        default=False,
        help_text="The newest lead story opens the home page.",
    )
    allow_comments = models.BooleanField(
        default=True, help_text="Untick to close comments on this article."
    )

    seo_title = models.CharField(
        "search title",
        max_length=70,
        blank=True,
        help_text="The title search engines and social cards show, if it should differ from "
        "the headline. About 60 characters fit.",
    )
    seo_description = models.CharField(
        "search description",
        max_length=160,
        blank=True,
        help_text="The summary search engines and social cards show. Leave empty to use the "
        "standfirst.",
    )
    social_image = models.ImageField(
        upload_to=image_upload_path,
        validators=[validate_image_upload],
        blank=True,
        width_field="social_image_width",
        height_field="social_image_height",
        help_text="The picture shown when the article is shared, if not the featured image. "
        "1200×630 pixels works everywhere.",
    )
    social_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    social_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    canonical_url = models.URLField(
        "original address",
        max_length=500,
        blank=True,
        help_text="Wire copy: the address of the agency’s original story. Search engines are "
        "told it is the original, so our copy does not compete with it.",
    )
    noindex = models.BooleanField(
        "hide from search engines",
        default=False,
        help_text="Ask search engines not to list this article (e.g. wire copy whose original "
        "has no address).",
    )

    approved_comment_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Kept in step by comments/moderation.py."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Filled by a PostgreSQL trigger (migration 0003); stays empty on SQLite.
    search_document = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    slug_source = "headline"

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        indexes = [
            # Every public list: published() ordered newest first.
            models.Index(fields=["status", "-published_at"], name="article_status_pub"),
            # The front page's lead story.
            models.Index(
                fields=["-published_at"],
                condition=models.Q(is_featured=True, status="published"),
                name="article_featured",
            ),
            # Source archives, newest first within a source.
            models.Index(fields=["source", "status", "-published_at"], name="article_source_pub"),
        ]
        permissions = [("publish_article", "Can publish and schedule articles")]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Forms sanitise in clean(); this catches every other path into the database.
        self.body = sanitize_article_body(self.body)
        for field in (
            "headline",
            "standfirst",
            "byline",
            "image_caption",
            "image_credit",
            "image_alt",
            "sponsor",
            "seo_title",
            "seo_description",
        ):
            setattr(self, field, strip_controls(getattr(self, field)).strip())
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        file_featured_image(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "image" in update_fields:
            kwargs["update_fields"] = {*update_fields, "library_image", "image_renditions"}
        super().save(*args, **kwargs)
        self._loaded_library_image_id = self.library_image_id
        if update_fields is None or "body" in update_fields:
            self.body_images.set(
                LibraryImage.objects.filter(pk__in=ids_in_body(self.body)).values_list(
                    "pk", flat=True
                )
            )
        old_slug = getattr(self, "_loaded_slug", None)
        if old_slug and old_slug != self.slug:
            ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})
            ArticleRedirect.objects.filter(old_slug=self.slug).delete()
        self._loaded_slug = self.slug

    def get_absolute_url(self):
        when = timezone.localdate(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={"year": when.year, "month": when.month, "day": when.day, "slug": self.slug},
        )

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        article = super().from_db(db, field_names, values, **kwargs)
        # Remembered so that a changed slug can leave a redirect behind.
        article._loaded_slug = getattr(article, "slug", None) if "slug" in field_names else None
        article._loaded_library_image_id = article.__dict__.get("library_image_id")
        return article

    def library_image_changed(self):
        """True if another library image was chosen since the article was loaded."""
        return self.library_image_id != getattr(self, "_loaded_library_image_id", None)

    def clean(self):
        super().clean()
        if self.kind == self.Kind.SPONSORED and not self.sponsor.strip():
            raise ValidationError({"sponsor": "Name who paid for this sponsored content."})
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the image for readers who cannot see it."}
            )

    def is_published(self):
        """Return True if the article is publicly accessible."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def image_focus(self):
        return (self.image_focus_x, self.image_focus_y)

    def renditions_current(self):
        """True if the recorded renditions are of this image and focal point."""
        made = self.image_renditions or {}
        return made.get("source") == self.image.name and made.get("focus") == list(
            self.image_focus()
        )

    def sections(self):
        """The categories this article is in under ``in_section``: its own and their
        main sections. Prefetch ``categories`` with ``select_related("parent")``."""
        sections = []
        for category in self.categories.all():
            for section in (category, category.parent):
                if section is not None and section not in sections:
                    sections.append(section)
        return sections

    @property
    def byline_names(self):
        """Bylines as printed: the authors, or the free-text byline for wire copy."""
        names = [author.name for author in self.authors.all()]
        return names or ([self.byline] if self.byline else [])


class ArticleRedirect(models.Model):
    """An article's former slug, so links to its old address keep working."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    old_slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        """Corrections (not updates) of articles the public may see, newest first."""
        return (
            self.filter(kind=Correction.Kind.CORRECTION, article__in=Article.objects.published())
            .select_related("article")
            .order_by("-created_at", "-pk")
        )


class Correction(models.Model):
    """A correction or update note published with an article: the record says openly
    what changed instead of the text being silently rewritten."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        max_length=10,
        choices=Kind,
        default=Kind.CORRECTION,
        help_text="A correction fixes an error; an update adds news to the story.",
    )
    text = models.TextField(
        max_length=1000,
        help_text="Shown under the article as written, e.g. “An earlier version misspelled "
        "the mayor’s name.”",
    )
    created_at = models.DateTimeField("time", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="correction_kind_time")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:50]}"

    def save(self, *args, **kwargs):
        self.text = strip_controls(self.text).strip()
        super().save(*args, **kwargs)


class TopStory(models.Model):
    """A story the editors placed at the top of the front page; the first is the lead."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="top_story",
        help_text="Only published stories appear; a scheduled one appears when it goes live.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="1 is the lead story, then 2, 3… in the order readers see them."
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "top story"
        verbose_name_plural = "front page: top stories"

    def __str__(self):
        return f"{self.position}. {self.article}"


class BreakingNewsQuerySet(models.QuerySet):
    def live(self, now=None):
        """Banners showing now: started and not yet expired."""
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, expires_at__gt=now)


class BreakingNews(models.Model):
    """A banner across the top of every page until it expires."""

    text = models.CharField(
        max_length=200, help_text="One line, e.g. “Polls have closed: results from 8 pm”."
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story the banner links to, if any.",
    )
    starts_at = models.DateTimeField(
        "show from", default=timezone.now, help_text="Leave as is to show it at once."
    )
    expires_at = models.DateTimeField(
        "show until",
        help_text="The banner disappears from every page by itself at this time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "breaking news banner"

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.starts_at and self.expires_at and self.expires_at <= self.starts_at:
            raise ValidationError({"expires_at": "Choose a time after the banner starts."})
