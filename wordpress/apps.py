from django.apps import AppConfig


class WordpressConfig(AppConfig):
    """``manage.py import_wordpress``: a WordPress site's export brought into the newsroom.
    Nothing else imports this app; it imports articles, comments and pages."""

    name = "wordpress"
    verbose_name = "WordPress import"
