"""The articles app's background tasks (see newsroom/tasks.py for how they run)."""

from django.core.files.storage import default_storage

from newsroom import pagecache
from newsroom.tasks import background

from . import pagekeys, renditions
from .models import Article


@background()
def delete_image_file(name):
    """Delete an uploaded image no article uses any more (replaced, cleared or deleted),
    with its renditions."""
    if not Article.objects.filter(image=name).exists():
        default_storage.delete(name)
        folder = renditions.folder_of(name)
        try:
            _, files = default_storage.listdir(folder)
        except FileNotFoundError:
            files = []
        for file in files:
            default_storage.delete(f"{folder}/{file}")


@background()
def generate_renditions(article_id):
    """Make the article image's renditions (articles/renditions.py) and show them."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not article.image or article.renditions_current():
        return
    old = renditions.names_in(article.image_renditions)
    made = renditions.make_renditions(default_storage, article.image.name, article.image_focus())
    # Only if the image is still the one we resized (an editor may have replaced it).
    updated = Article.objects.filter(pk=article_id, image=article.image.name).update(
        image_renditions=made
    )
    if updated:
        for name in old - renditions.names_in(made):
            default_storage.delete(name)  # an earlier crop: no page links to it now
        pagecache.purge(pagekeys.article(article.pk), *pagekeys.lists_showing(article))
