from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("category/<slug:slug>/", views.CategoryArchiveView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagArchiveView.as_view(), name="tag"),
    path("source/<slug:slug>/", views.SourceArchiveView.as_view(), name="source"),
    path("author/<slug:slug>/", views.AuthorArchiveView.as_view(), name="author"),
]
