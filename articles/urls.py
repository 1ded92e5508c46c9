from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from newsroom import converters  # noqa: F401  (registers <year:>, <mm:>, <id:>)
from newsroom.pagecache import public_page
from newsroom.slugs import UnicodeSlugConverter

from . import pagekeys, views
from .feeds import (
    AuthorFeed,
    CategoryFeed,
    CorrectionsFeed,
    LatestArticlesFeed,
    SourceFeed,
    TagFeed,
    atom,
)
from .sitemaps import SITEMAP_KEYS, SITEMAPS, news_sitemap, robots_txt

app_name = "articles"
register_converter(UnicodeSlugConverter, "uslug")  # slugs in any script (newsroom/slugs.py)

# The query parameters each kind of page reads; any other (utm_source=…) is ignored.
LIST = public_page(params=("page",))
ARTICLE = public_page(params=("cpage", "replyto"))
PLAIN = public_page()
SITE_LISTS = public_page(params=("p",), keys=(pagekeys.ARTICLES, pagekeys.TAXONOMY))
SITEMAP = public_page(params=("p",), keys=SITEMAP_KEYS)  # a set other apps add to

urlpatterns = [
    path("", LIST(views.ArticleListView.as_view()), name="index"),
    path("fragments/latest/", PLAIN(views.latest), name="latest"),
    path("fragments/breaking/", PLAIN(views.breaking), name="breaking"),
    path(
        "<year:year>/<mm:month>/<mm:day>/<uslug:slug>/",
        ARTICLE(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("<year:year>/", LIST(views.DateArchiveView.as_view()), name="year"),
    path("<year:year>/<mm:month>/", LIST(views.DateArchiveView.as_view()), name="month"),
    path("<year:year>/<mm:month>/<mm:day>/", LIST(views.DateArchiveView.as_view()), name="day"),
    path("category/<uslug:slug>/", LIST(views.CategoryArchiveView.as_view()), name="category"),
    path("tag/<uslug:slug>/", LIST(views.TagArchiveView.as_view()), name="tag"),
    path("source/<uslug:slug>/", LIST(views.SourceArchiveView.as_view()), name="source"),
    path("author/<uslug:slug>/", LIST(views.AuthorArchiveView.as_view()), name="author"),
    path("search/", views.search, name="search"),
    path("corrections/", LIST(views.CorrectionListView.as_view()), name="corrections"),
    path("corrections/feed/", PLAIN(CorrectionsFeed()), name="corrections_feed"),
    # Feeds: RSS 2.0 and Atom for the site and each category, tag and source.
    path("feed/", PLAIN(LatestArticlesFeed()), name="feed_rss"),
    path("feed/atom/", PLAIN(atom(LatestArticlesFeed)()), name="feed_atom"),
    path("category/<uslug:slug>/feed/", PLAIN(CategoryFeed()), name="category_feed_rss"),
    path(
        "category/<uslug:slug>/feed/atom/",
        PLAIN(atom(CategoryFeed)()),
        name="category_feed_atom",
    ),
    path("tag/<uslug:slug>/feed/", PLAIN(TagFeed()), name="tag_feed_rss"),
    path("tag/<uslug:slug>/feed/atom/", PLAIN(atom(TagFeed)()), name="tag_feed_atom"),
    path("author/<uslug:slug>/feed/", PLAIN(AuthorFeed()), name="author_feed_rss"),
    path("author/<uslug:slug>/feed/atom/", PLAIN(atom(AuthorFeed)()), name="author_feed_atom"),
    path("source/<uslug:slug>/feed/", PLAIN(SourceFeed()), name="source_feed_rss"),
    path("source/<uslug:slug>/feed/atom/", PLAIN(atom(SourceFeed)()), name="source_feed_atom"),
    # Sitemaps and robots.txt
    path(
        "sitemap.xml",
        SITEMAP(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", SITE_LISTS(news_sitemap), name="news_sitemap"),
    path(
        "sitemap-<section>.xml",
        SITEMAP(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", PLAIN(robots_txt), name="robots"),
]
