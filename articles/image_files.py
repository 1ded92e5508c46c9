"""
An uploaded image file leaves storage with what it belongs to: when an image is replaced or
cleared, or its article or author deleted, the old file is deleted by a task once the change
has committed (a rolled-back edit keeps its file; a slow object store never holds up the
editor).
"""

from django.db.models.signals import post_delete, post_save, pre_save

from newsroom.tasks import enqueue_after_commit

from .library import LibraryImage, replace_file_in_articles
from .models import Article, Author
from .tasks import delete_image_file, generate_author_renditions, generate_renditions

IMAGE_FIELDS = {
    Article: ("image", "social_image"),
    Author: ("photo",),
    LibraryImage: ("file",),
}


def _remember_stored_images(sender, instance, update_fields=None, **kwargs):
    fields = [
        name for name in IMAGE_FIELDS[sender] if update_fields is None or name in update_fields
    ]
    if instance.pk and fields:
        stored = sender.objects.filter(pk=instance.pk).values(*fields).first() or {}
        instance._stored_images = stored


def _delete_replaced_images(sender, instance, **kwargs):
    stored = getattr(instance, "_stored_images", {})
    for name, old in stored.items():
        if old and old != getattr(instance, name).name:
            if sender is LibraryImage:
                # Before the old file's deletion is queued to run: articles show the new one.
                replace_file_in_articles(instance, old)
            enqueue_after_commit(delete_image_file, old)
    instance._stored_images = {name: getattr(instance, name).name for name in IMAGE_FIELDS[sender]}
    if sender is Article and instance.image and not instance.renditions_current():
        enqueue_after_commit(generate_renditions, instance.library_image_id)
    if sender is Author and instance.photo and not instance.photo_renditions_current():
        enqueue_after_commit(generate_author_renditions, instance.pk)
    if sender is LibraryImage and not instance.renditions_current():
        enqueue_after_commit(generate_renditions, instance.pk)


def _delete_images_of_deleted(sender, instance, **kwargs):
    for name in IMAGE_FIELDS[sender]:
        if getattr(instance, name):
            enqueue_after_commit(delete_image_file, getattr(instance, name).name)


def connect():
    for model in IMAGE_FIELDS:
        uid = f"image-files-{model.__name__}"
        pre_save.connect(_remember_stored_images, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_delete_replaced_images, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_delete_images_of_deleted, sender=model, dispatch_uid=f"{uid}-delete")
