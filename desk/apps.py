from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editor's desk: revisions, edit locks and review for articles. It builds on
    the articles app (never the other way round) and replaces its admin with one that
    keeps a revision of every save."""

    name = "desk"
    verbose_name = "Editor’s desk"

    def ready(self):
        from . import revisions

        revisions.register()
