"""The articles app's background tasks (see newsroom/tasks.py for how they run)."""

from django.core.files.storage import default_storage

from newsroom import pagecache
from newsroom.tasks import background

from . import pagekeys, renditions
from .library import LibraryImage
from .models import Article, Author


@background()
def delete_image_file(name):
    """Delete an uploaded image nothing uses any more (replaced, cleared or deleted, and
    not in the media library), with its renditions."""
    if (
        Article.objects.filter(image=name).exists()
        or LibraryImage.objects.filter(file=name).exists()
    ):
        return
    default_storage.delete(name)
    folder = renditions.folder_of(name)
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        files = []
    for file in files:
        default_storage.delete(f"{folder}/{file}")


@background()
def generate_renditions(item_id):
    """Make a library image's renditions (articles/renditions.py) once, and show them in
    every article featuring it."""
    item = LibraryImage.objects.filter(pk=item_id).first()
    if item is None:
        return
    if not item.renditions_current():
        old = renditions.names_in(item.renditions)
        made = renditions.make_renditions(default_storage, item.file.name, item.focus())
        # Only if the picture and focal point are still those we resized.
        updated = LibraryImage.objects.filter(
            pk=item_id, file=item.file.name, focus_x=item.focus_x, focus_y=item.focus_y
        ).update(renditions=made)
        if not updated:
            return
        item.renditions = made
        for name in old - renditions.names_in(made):
            default_storage.delete(name)  # an earlier crop: no page links to it now
    keys = set()
    featuring = Article.objects.filter(library_image=item, image=item.file.name)
    for article in featuring.exclude(pk__in=_showing_these(item)).prefetch_related(
        "categories", "tags", "authors"
    ):
        keys |= {pagekeys.article(article.pk)} | pagekeys.lists_showing(
            article,
            sections=[(c.pk, c.parent_id) for c in article.categories.all()],
            tags=[t.pk for t in article.tags.all()],
            authors=[a.pk for a in article.authors.all()],
        )
    featuring.update(
        image_renditions=item.renditions, image_focus_x=item.focus_x, image_focus_y=item.focus_y
    )
    keys |= {pagekeys.article(pk) for pk in item.in_bodies.values_list("pk", flat=True)}
    if keys:
        pagecache.purge(*keys)


def _showing_these(item):
    """Articles whose recorded renditions are already the item's."""
    return [
        pk
        for pk, made in Article.objects.filter(library_image=item).values_list(
            "pk", "image_renditions"
        )
        if made == item.renditions
    ]


@background()
def generate_author_renditions(author_id):
    """Make an author photo's small square renditions once, and show them."""
    author = Author.objects.filter(pk=author_id).first()
    if author is None or not author.photo or author.photo_renditions_current():
        return
    made = renditions.make_renditions(
        default_storage,
        author.photo.name,
        renditions.PORTRAIT_FOCUS,
        crops=renditions.PORTRAIT_CROPS,
        widths=renditions.PORTRAIT_WIDTHS,
    )
    if Author.objects.filter(pk=author_id, photo=author.photo.name).update(photo_renditions=made):
        pagecache.purge(pagekeys.author(author_id))
