from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import pre_save
        from taggit.models import Tag

        from . import signals, tags

        signals.connect()
        pre_save.connect(tags.slug_new_tag, sender=Tag, dispatch_uid="articles-tag-slug")
