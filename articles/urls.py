from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from newsroom.pagecache import public_page
from newsroom.slugs import UnicodeSlugConverter

from . import views
from .feeds import CategoryFeed, LatestArticlesFeed, SourceFeed, TagFeed, atom
from .sitemaps import SITEMAPS, news_sitemap, robots_txt

app_name = "articles"
register_converter(UnicodeSlugConverter, "uslug")  # slugs in any script (newsroom/slugs.py)

urlpatterns = [
    path("", public_page(views.ArticleListView.as_view()), name="index"),
    path(
        "<int:year>/<int:month>/<int:day>/<uslug:slug>/",
        public_page(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("<int:year>/", public_page(views.DateArchiveView.as_view()), name="year"),
    path("<int:year>/<int:month>/", public_page(views.DateArchiveView.as_view()), name="month"),
    path(
        "category/<uslug:slug>/", public_page(views.CategoryArchiveView.as_view()), name="category"
    ),
    path("tag/<uslug:slug>/", public_page(views.TagArchiveView.as_view()), name="tag"),
    path("source/<uslug:slug>/", public_page(views.SourceArchiveView.as_view()), name="source"),
    path("author/<uslug:slug>/", public_page(views.AuthorArchiveView.as_view()), name="author"),
    path("search/", views.search, name="search"),
    # Feeds: RSS 2.0 and Atom for the site and each category, tag and source.
    path("feed/", public_page(LatestArticlesFeed()), name="feed_rss"),
    path("feed/atom/", public_page(atom(LatestArticlesFeed)()), name="feed_atom"),
    path("category/<uslug:slug>/feed/", public_page(CategoryFeed()), name="category_feed_rss"),
    path(
        "category/<uslug:slug>/feed/atom/",
        public_page(atom(CategoryFeed)()),
        name="category_feed_atom",
    ),
    path("tag/<uslug:slug>/feed/", public_page(TagFeed()), name="tag_feed_rss"),
    path("tag/<uslug:slug>/feed/atom/", public_page(atom(TagFeed)()), name="tag_feed_atom"),
    path("source/<uslug:slug>/feed/", public_page(SourceFeed()), name="source_feed_rss"),
    path(
        "source/<uslug:slug>/feed/atom/", public_page(atom(SourceFeed)()), name="source_feed_atom"
    ),
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
