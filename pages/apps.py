from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from django.db.models.signals import pre_save

        from articles import sitemaps as article_sitemaps
        from articles.signals import demo_loaded
        from newsroom import roles as project_roles
        from newsroom.text import strip_controls_before_save

        from . import demo, pagekeys, signals
        from .roles import ROLES
        from .sitemaps import PageSitemap

        signals.connect()
        project_roles.declare(self, ROLES)
        pre_save.connect(
            strip_controls_before_save, sender=self.get_model("Page"), dispatch_uid="controls"
        )
        article_sitemaps.register("pages", PageSitemap, pagekeys.SITEMAP)
        # The demo newsroom's About, Contact, Masthead, Ethics and privacy notice.
        demo_loaded.connect(
            lambda **kwargs: demo.load_pages(), weak=False, dispatch_uid="pages-demo"
        )
