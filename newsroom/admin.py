from django.contrib import admin


class NewsroomAdminSite(admin.AdminSite):
    """The admin, with the comment queue's length beside “Comments” for moderators."""

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if not request.user.has_perm("comments.can_moderate"):
            return app_list
        from comments.models import Comment

        for app in app_list:
            for model in app["models"]:
                if model["object_name"] == "Comment":
                    pending = Comment.objects.pending().count()
                    model["name"] = f"Comments ({pending} pending)" if pending else "Comments"
        return app_list
