from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class NewsroomConfig(AppConfig):
    """The project layer as an app: its management commands (``worker``)."""

    name = "newsroom"
    verbose_name = "Newsroom site"


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin.NewsroomAdminSite"
