from datetime import time

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class NewsroomConfig(AppConfig):
    """The project layer as an app: its management commands (``worker``) and housekeeping."""

    name = "newsroom"
    verbose_name = "Newsroom site"

    def ready(self):
        from .tasks import daily, prune_task_results

        daily(prune_task_results, at=time(4, 0))


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401 -- registers the configuration checks


class TagsConfig(TaggitAppConfig):
    """django-taggit under the name staff know: its admin section said "Taggit"."""

    verbose_name = _("Tags")
