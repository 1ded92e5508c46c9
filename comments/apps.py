from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from newsroom import roles as project_roles

        from . import checks  # noqa: F401 -- registers the comment settings checks
        from .roles import ROLES

        project_roles.declare(self, ROLES)
