from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom import roles as project_roles

        from . import image_files, signals
        from .roles import ROLES

        signals.connect()
        image_files.connect()
        project_roles.declare(self, ROLES)
