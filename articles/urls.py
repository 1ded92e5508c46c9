from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import views
from .feeds import CategoryFeed, LatestArticlesFeed, SourceFeed, TagFeed, atom
from .sitemaps import SITEMAPS, news_sitemap, robots_txt

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="index"),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("<int:year>/", views.DateArchiveView.as_view(), name="year"),
    path("<int:year>/<int:month>/", views.DateArchiveView.as_view(), name="month"),
    path("category/<slug:slug>/", views.CategoryArchiveView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagArchiveView.as_view(), name="tag"),
    path("source/<slug:slug>/", views.SourceArchiveView.as_view(), name="source"),
    path("author/<slug:slug>/", views.AuthorArchiveView.as_view(), name="author"),
    path("search/", views.search, name="search"),
    # Feeds: RSS 2.0 and Atom for the site and each category, tag and source.
    path("feed/", LatestArticlesFeed(), name="feed_rss"),
    path("feed/atom/", atom(LatestArticlesFeed)(), name="feed_atom"),
    path("category/<slug:slug>/feed/", CategoryFeed(), name="category_feed_rss"),
    path("category/<slug:slug>/feed/atom/", atom(CategoryFeed)(), name="category_feed_atom"),
    path("tag/<slug:slug>/feed/", TagFeed(), name="tag_feed_rss"),
    path("tag/<slug:slug>/feed/atom/", atom(TagFeed)(), name="tag_feed_atom"),
    path("source/<slug:slug>/feed/", SourceFeed(), name="source_feed_rss"),
    path("source/<slug:slug>/feed/atom/", atom(SourceFeed)(), name="source_feed_atom"),
    # Sitemaps and robots.txt
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", news_sitemap, name="news_sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots"),
]
