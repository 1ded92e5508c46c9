from django.urls import path

from articles.urls import UnicodeSlugConverter  # noqa: F401  (registers <uslug:>)
from newsroom.pagecache import public_page

from . import views

app_name = "pages"

# Included last in newsroom/urls.py: every other address of the site wins over a page's.
urlpatterns = [
    path("<uslug:slug>/", public_page(views.page_detail), name="detail"),
]
