from datetime import time

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from newsroom.tasks import daily

        from .tasks import purge_comment_metadata

        daily(purge_comment_metadata, at=time(3, 0))
