from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        from django.db.models.signals import pre_save

        from newsroom.text import strip_controls_before_save

        for model in self.get_models():
            pre_save.connect(strip_controls_before_save, sender=model, dispatch_uid="controls")
