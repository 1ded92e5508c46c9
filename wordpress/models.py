from django.db import models


class ImportedItem(models.Model):
    """One thing brought in from a WordPress export, by its WordPress id: a second run of
    the same file skips it, and an interrupted run resumes after the last batch it kept.
    Written in the same transaction as what it records."""

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        PAGE = "page", "Page"
        COMMENT = "comment", "Comment"

    site = models.CharField(
        max_length=200, help_text="The WordPress site the export came from (its address)."
    )
    kind = models.CharField(max_length=10, choices=Kind)
    wp_id = models.CharField(
        "WordPress id",
        max_length=200,
        help_text="The post or comment number, the author's login or the term's slug.",
    )
    object_id = models.PositiveBigIntegerField(
        null=True, help_text="What it became here (an article, a comment…); empty if skipped."
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wordpress_item_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} from {self.site}"
