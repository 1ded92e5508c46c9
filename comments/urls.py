from django.urls import path

from newsroom import converters  # noqa: F401  (registers <id:>)

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<id:article_id>/", views.post_comment, name="post"),
    path("report/<id:comment_id>/", views.report_comment, name="report"),
    path("mine/<str:token>/", views.own_comment, name="own"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
