"""The articles app's background tasks (see newsroom/tasks.py for how they run)."""

from django.core.files.storage import default_storage

from newsroom.tasks import background

from .models import Article


@background()
def delete_image_file(name):
    """Delete an uploaded image no article uses any more (replaced, cleared or deleted)."""
    if not Article.objects.filter(image=name).exists():
        default_storage.delete(name)
