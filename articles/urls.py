from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from newsroom import converters  # noqa: F401  (registers <year:>, <mm:>, <id:>)
from newsroom.pagecache import public_page

from . import views
from .feeds import CategoryFeed, LatestArticlesFeed, SourceFeed, TagFeed, atom
from .sitemaps import SITEMAPS, news_sitemap, robots_txt

app_name = "articles"

urlpatterns = [
    path("", public_page(views.ArticleListView.as_view()), name="index"),
    path(
        "<year:year>/<mm:month>/<mm:day>/<slug:slug>/",
        public_page(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("<year:year>/", public_page(views.DateArchiveView.as_view()), name="year"),
    path("<year:year>/<mm:month>/", public_page(views.DateArchiveView.as_view()), name="month"),
    path(
        "category/<slug:slug>/", public_page(views.CategoryArchiveView.as_view()), name="category"
    ),
    path("tag/<slug:slug>/", public_page(views.TagArchiveView.as_view()), name="tag"),
    path("source/<slug:slug>/", public_page(views.SourceArchiveView.as_view()), name="source"),
    path("author/<slug:slug>/", public_page(views.AuthorArchiveView.as_view()), name="author"),
    path("search/", views.search, name="search"),
    # Feeds: RSS 2.0 and Atom for the site and each category, tag and source.
    path("feed/", public_page(LatestArticlesFeed()), name="feed_rss"),
    path("feed/atom/", public_page(atom(LatestArticlesFeed)()), name="feed_atom"),
    path("category/<slug:slug>/feed/", public_page(CategoryFeed()), name="category_feed_rss"),
    path(
        "category/<slug:slug>/feed/atom/",
        public_page(atom(CategoryFeed)()),
        name="category_feed_atom",
    ),
    path("tag/<slug:slug>/feed/", public_page(TagFeed()), name="tag_feed_rss"),
    path("tag/<slug:slug>/feed/atom/", public_page(atom(TagFeed)()), name="tag_feed_atom"),
    path("source/<slug:slug>/feed/", public_page(SourceFeed()), name="source_feed_rss"),
    path("source/<slug:slug>/feed/atom/", public_page(atom(SourceFeed)()), name="source_feed_atom"),
    # Sitemaps and robots.txt
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", public_page(news_sitemap), name="news_sitemap"),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", public_page(robots_txt), name="robots"),
]
