"""
An article's image file leaves storage with it: when the image is replaced or cleared,
or the article deleted, the old file is deleted by a task once the change has committed
(a rolled-back edit keeps its file; a slow object store never holds up the editor).
"""

from django.db.models.signals import post_delete, post_save, pre_save

from newsroom.tasks import enqueue_after_commit

from .models import Article
from .tasks import delete_image_file


def _remember_stored_image(sender, instance, update_fields=None, **kwargs):
    if instance.pk and (update_fields is None or "image" in update_fields):
        stored = Article.objects.filter(pk=instance.pk).values_list("image", flat=True)
        instance._stored_image = stored.first() or ""


def _delete_replaced_image(sender, instance, **kwargs):
    stored = getattr(instance, "_stored_image", "")
    if stored and stored != instance.image.name:
        enqueue_after_commit(delete_image_file, stored)
    instance._stored_image = instance.image.name


def _delete_image_of_deleted_article(sender, instance, **kwargs):
    if instance.image:
        enqueue_after_commit(delete_image_file, instance.image.name)


def connect():
    pre_save.connect(_remember_stored_image, sender=Article, dispatch_uid="image-files-pre")
    post_save.connect(_delete_replaced_image, sender=Article, dispatch_uid="image-files-post")
    post_delete.connect(
        _delete_image_of_deleted_article, sender=Article, dispatch_uid="image-files-delete"
    )
