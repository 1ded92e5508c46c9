from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import pre_save
        from taggit.models import Tag

        from newsroom import roles as project_roles
        from newsroom.text import strip_controls_before_save

        from . import image_files, signals, tags
        from .roles import ROLES

        signals.connect()
        image_files.connect()
        project_roles.declare(self, ROLES)
        for model in [*self.get_models(), Tag]:
            pre_save.connect(strip_controls_before_save, sender=model, dispatch_uid="controls")
        pre_save.connect(tags.slug_new_tag, sender=Tag, dispatch_uid="articles-tag-slug")
