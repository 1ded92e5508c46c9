from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from newsroom import roles as project_roles

        from .roles import ROLES

        project_roles.declare(self, ROLES)
