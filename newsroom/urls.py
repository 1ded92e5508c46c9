import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.static import serve

from newsroom import converters  # noqa: F401  (registers <year:>, <mm:>, <id:> for every URLconf)
from newsroom.staff_auth import StaffPasswordResetForm


def serve_media(request, path):
    """Uploads, when no web server in front serves them (SERVE_MEDIA, on with DEBUG)."""
    if not settings.SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page says."""
    # Not permanent: the target carries the file's hash, which changes with the icon.
    return redirect(static("img/favicon.ico"))


handler500 = "newsroom.views.server_error"

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Newsroom"


def in_admin(view_class, **options):
    """One of Django's auth views, shown in the admin's frame (its header and title)."""

    def view(request, *args, **kwargs):
        # No side menu: the person resetting is logged out, so it would list nothing but
        # "You don't have permission to view or edit anything."
        context = {**admin.site.each_context(request), "is_nav_sidebar_enabled": False}
        return view_class.as_view(extra_context=context, **options)(request, *args, **kwargs)

    return view


# Staff password resets by email: Django's views, under the admin's address (which the
# edge never caches); the admin's log-in page links to the first when it exists.
password_reset_urls = [
    path(
        "admin/password_reset/",
        in_admin(auth_views.PasswordResetView, form_class=StaffPasswordResetForm),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        in_admin(auth_views.PasswordResetDoneView),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        in_admin(auth_views.PasswordResetConfirmView),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        in_admin(auth_views.PasswordResetCompleteView),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("favicon.ico", favicon),
    *password_reset_urls,
    path("admin/", admin.site.urls),
    path("comments/", include("comments.urls")),
    path("api/", include("api.urls")),
    path("", include("articles.urls")),
    path("", include("pages.urls")),  # last: /about/ and the like, where nothing else is
]

if not settings.MEDIA_URL.startswith(("http://", "https://", "//")):
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.insert(0, re_path(rf"^{media_prefix}(?P<path>.+)$", serve_media))
