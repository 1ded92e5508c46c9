from datetime import time

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save, pre_save

        from articles.signals import demo_loaded
        from newsroom import pagecache
        from newsroom import roles as project_roles
        from newsroom.tasks import daily
        from newsroom.text import strip_controls_before_save

        from . import checks, demo  # noqa: F401 -- checks registers the settings checks
        from .conf import rules_saved
        from .display import AUTHOR_COOKIE, DRAFT_COOKIE, OWN_COOKIE
        from .models import CommenterBan, ModerationRules, StoryModeration
        from .pagekeys import RULES
        from .roles import ROLES
        from .rules import bans, stories
        from .tasks import purge_comment_metadata

        project_roles.declare(self, ROLES)
        demo_loaded.connect(demo.load, dispatch_uid="comments-demo")
        daily(purge_comment_metadata, at=time(3, 0))
        for model in self.get_models():
            pre_save.connect(strip_controls_before_save, sender=model, dispatch_uid="controls")
        # A reader with comments awaiting moderation, remembered details or a refused
        # comment to correct sees a
        # page of their own: never the shared copy.
        for cookie in (OWN_COOKIE, AUTHOR_COOKIE, DRAFT_COOKIE):
            pagecache.register_bypass_cookie(cookie)

        def on_rules_saved(**kwargs):
            # After the commit, so no server can read the old row back into the cache.
            transaction.on_commit(rules_saved)
            pagecache.purge(RULES)  # whether comments are open shows on every article

        post_save.connect(on_rules_saved, sender=ModerationRules, weak=False, dispatch_uid="rules")

        def on_ban_changed(**kwargs):
            transaction.on_commit(bans.refresh)

        def on_story_changed(**kwargs):
            transaction.on_commit(stories.refresh)

        for signal in (post_save, post_delete):
            signal.connect(on_ban_changed, sender=CommenterBan, weak=False, dispatch_uid="bans")
            signal.connect(
                on_story_changed, sender=StoryModeration, weak=False, dispatch_uid="stories"
            )
