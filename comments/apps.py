from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from newsroom import pagecache

        from .display import AUTHOR_COOKIE, OWN_COOKIE

        # A reader with comments awaiting moderation, or remembered details, sees a
        # page of their own: never the shared copy.
        for cookie in (OWN_COOKIE, AUTHOR_COOKIE):
            pagecache.register_bypass_cookie(cookie)
