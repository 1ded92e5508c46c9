"""
The media library: each picture uploaded once, with the words that go with it, and
used by as many articles as want it.

A ``LibraryImage`` owns its stored file, its focal point and its renditions (made once,
by ``tasks.generate_renditions``). An article's featured-image fields (``image``,
``image_alt``, ``image_caption``, ``image_credit``, ``image_renditions``, the focal point)
stay what templates, feeds, the API and other apps read: they are a copy kept in step
with the article's library item, sharing its stored file and renditions (no file is ever
copied). Whatever way an image reaches an article (the admin, a script, the demo loader),
``file_featured_image`` puts it in the library before the article is saved.

Images inside article bodies name their library item (``<img data-file="12">``); the
article remembers which it shows (``Article.body_images``) so that a change to an item
purges exactly the pages showing it.
"""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from .images import image_upload_path, validate_image_upload

FOCUS_HELP_ACROSS = (
    "Where the picture’s subject is, from the left edge (0) to the right (100). "
    "Cards crop the picture around it."
)


class LibraryImage(models.Model):
    file = models.ImageField(
        "image",
        upload_to=image_upload_path,
        validators=[validate_image_upload],
        width_field="width",
        height_field="height",
        help_text="A JPEG, PNG, WebP or GIF. Smaller versions for phones and cards are made "
        "by themselves once it is saved.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = models.CharField(
        "alt text",
        max_length=250,
        help_text="Describes the image for readers who cannot see it. Articles using the "
        "image start with this text and may change it.",
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="What the picture shows, for every reader."
    )
    credit = models.CharField(
        max_length=150, blank=True, help_text="Photographer and agency, e.g. “Ana Quispe / Andina”."
    )
    focus_x = models.PositiveSmallIntegerField(
        "focal point across",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=FOCUS_HELP_ACROSS,
    )
    focus_y = models.PositiveSmallIntegerField(
        "focal point down",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="From the top edge (0) to the bottom (100).",
    )
    renditions = models.JSONField(
        default=dict, blank=True, editable=False, help_text="Made by articles/renditions.py."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("uploaded", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "library image"
        verbose_name_plural = "media library"
        indexes = [models.Index(fields=["file"], name="libraryimage_file")]

    def __str__(self):
        words = self.caption or self.alt
        label = words if len(words) <= 80 else f"{words[:79]}…"
        return f"{label} ({self.credit})" if self.credit else label

    def focus(self):
        return (self.focus_x, self.focus_y)

    def renditions_current(self):
        """True if the recorded renditions are of this file and focal point."""
        made = self.renditions or {}
        return made.get("source") == self.file.name and made.get("focus") == list(self.focus())

    def articles_showing(self):
        """Every article with this image, featured or in its body."""
        from .models import Article

        return Article.objects.filter(
            models.Q(library_image=self) | models.Q(body_images=self)
        ).distinct()


def file_featured_image(article):
    """Before ``article`` is saved: its featured image and its library item agree.

    A new upload is stored and becomes a library item with the article's words; a library
    item chosen on the article brings its file, dimensions, focal point and renditions
    (and its words, where the article has none); a focal point moved on the article
    moves the item's, since where the subject is belongs to the picture."""
    image, item = article.image, article.library_image
    if image and not image._committed:  # a file uploaded with this save
        image.save(image.name, image.file, save=False)
        item = None
    elif item is not None and article.library_image_changed():  # chosen from the library
        _take_from_item(article, item)
        return
    elif not image:
        article.library_image = None
        return
    elif item is not None and item.file.name != image.name:  # an image set by its name
        item = None
    if item is None:
        item = LibraryImage.objects.filter(file=image.name).first()
        if item is None:
            item = LibraryImage.objects.create(
                file=image.name,
                alt=article.image_alt,
                caption=article.image_caption,
                credit=article.image_credit,
                focus_x=article.image_focus_x,
                focus_y=article.image_focus_y,
                uploaded_by_id=article.last_edited_by_id or article.created_by_id,
            )
        article.library_image = item
    elif article.image_focus() != item.focus():
        item.focus_x, item.focus_y = article.image_focus()
        item.save(update_fields=["focus_x", "focus_y"])
    if item.renditions_current():
        article.image_renditions = item.renditions


def _take_from_item(article, item):
    article.image = item.file.name
    article.image_width, article.image_height = item.width, item.height
    article.image_focus_x, article.image_focus_y = item.focus()
    for field, default in (
        ("image_alt", item.alt),
        ("image_caption", item.caption),
        ("image_credit", item.credit),
    ):
        if not getattr(article, field):
            setattr(article, field, default)
    if item.renditions_current():
        article.image_renditions = item.renditions


_FIGURE_IMAGE = re.compile(r'<img [^>]*data-file="(\d+)"')


def ids_in_body(html):
    """The library items an article body shows, in order, each once."""
    return list(dict.fromkeys(int(pk) for pk in _FIGURE_IMAGE.findall(html or "")))


def replace_file_in_articles(item, old_name):
    """``item`` got a new file: the articles featuring it show it (its renditions follow
    when the task has made them), and bodies showing it name the new file, so that the
    editor still shows the picture once the old file is deleted."""
    from .models import Article

    Article.objects.filter(library_image=item).update(
        image=item.file.name,
        image_width=item.width,
        image_height=item.height,
        image_renditions={},
    )
    old_url, new_url = item.file.storage.url(old_name), item.file.url
    for pk, body in item.in_bodies.values_list("pk", "body"):
        Article.objects.filter(pk=pk).update(
            body=body.replace(f'src="{old_url}"', f'src="{new_url}"')
        )


def follow_item(item, before):
    """``item``'s words changed from ``before``: articles whose featured-image words were
    the library's defaults take the new ones (words an editor changed stay)."""
    from .models import Article

    for field, article_field in (
        ("alt", "image_alt"),
        ("caption", "image_caption"),
        ("credit", "image_credit"),
    ):
        old, new = before.get(field), getattr(item, field)
        if old is not None and old != new:
            Article.objects.filter(library_image=item, **{article_field: old}).update(
                **{article_field: new}
            )
