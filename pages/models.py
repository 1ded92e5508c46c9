from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django_prose_editor.fields import ProseEditorField

from articles.models import SLUG_HELP, SluggedModel
from articles.sanitize import BODY_EXTENSIONS, sanitize_body


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages the public may see."""
        return self.filter(is_published=True)

    def in_header(self):
        return self.published().filter(in_header=True).order_by("position", "title")

    def in_footer(self):
        return self.published().filter(in_footer=True).order_by("position", "title")


class Page(SluggedModel):
    """A standing page of the site: About, Contact, Masthead, policies."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text=f"The page’s address: /about/ for “about”. {SLUG_HELP}",
    )
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence on what the page says, for search engines and link previews.",
    )
    body = ProseEditorField(
        extensions=BODY_EXTENSIONS,
        sanitize=sanitize_body,
        blank=True,
        help_text="The same editor as articles. Scripts, embedded code and unknown "
        "formatting are removed when you save.",
    )
    is_published = models.BooleanField(
        "published", default=True, help_text="Untick to take the page off the site."
    )
    in_header = models.BooleanField(
        "link in the header", default=False, help_text="Show a link at the top of every page."
    )
    in_footer = models.BooleanField(
        "link in the footer", default=True, help_text="Show a link at the foot of every page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first among the header and footer links."
    )
    is_privacy_notice = models.BooleanField(
        "privacy notice",
        default=False,
        help_text="This page says what we do with readers’ data. The comment form links to "
        "it. Only one page can be the privacy notice.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()
    slug_source = "title"

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_privacy_notice"],
                condition=models.Q(is_privacy_notice=True),
                name="one_privacy_notice",
                violation_error_message="Another page is already the privacy notice.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Forms sanitise in clean(); this catches every other path into the database.
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug and not self.reachable_at(f"/{self.slug}/"):
            raise ValidationError(
                {"slug": f"“/{self.slug}/” is already an address of the site. Choose another."}
            )

    @staticmethod
    def reachable_at(path):
        """True if ``path`` would open a page, not another part of the site."""
        try:
            return resolve(path).view_name == "pages:detail"
        except Resolver404:
            return False
