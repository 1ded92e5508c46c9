"""The site's URLs plus a trivial view (bench.settings only)."""

from django.http import HttpResponse
from django.urls import include, path

from newsroom.urls import handler500  # noqa: F401 (Django looks it up on the urlconf)


def trivial(request):
    """The least a Django view can do: the yardstick for the page figures."""
    return HttpResponse("OK", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("newsroom.urls")),
]
