from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401 -- registers the configuration checks
