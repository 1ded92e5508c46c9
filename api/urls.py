"""
/api/: version 1 of the public API, its OpenAPI schema and its documentation.

Built with django-ninja: the schema and the docs come from the endpoints' type hints, and
it serves Swagger UI from its own static files (``"ninja"`` in INSTALLED_APPS), so the
docs work without reaching a CDN. Each read endpoint is a ``public_page``: anonymous GETs
are kept by ``newsroom.pagecache`` and the edge until what they show changes.
"""

import functools
import time

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.urls import URLPattern, path, re_path, reverse
from django.utils.http import http_date
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from newsroom import pagecache

from .views import router

# The query parameters the answers depend on (newsroom.pagecache: all others are ignored).
PARAMS = (
    "cursor",
    "limit",
    "section",
    "tag",
    "source",
    "author",
    "published_after",
    "published_before",
    "q",
)
# Answers every anonymous reader shares (not the comment form: a fresh token each time).
KEPT = {"articles", "article", "comments", "sections", "tags", "sources", "authors"}


class NewsroomAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The schema, with the partners' key as an optional credential (the docs' "Authorize")."""
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {})["securitySchemes"] = {
            "partnerKey": {
                "type": "http",
                "scheme": "bearer",
                "description": "A partner's API key, from the newsroom: lifts the rate limit.",
            }
        }
        schema["security"] = [{}, {"partnerKey": []}]  # anonymous, or with a key
        return schema


api = NewsroomAPI(
    title="Newsroom API",
    version="1.0",
    description=(
        "Read-only access to published articles, sections, tags, sources, authors and "
        "approved comments, and posting comments under the site's rules. Anonymous clients "
        "may make a limited number of requests a minute; partners send an API key "
        "(`Authorization: Bearer <key>`) to lift the limit. Answers carry `ETag` and "
        "`Last-Modified`: send `If-None-Match` or `If-Modified-Since` to get a 304."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)
api.add_router("/v1/", router)


@api.exception_handler(RequestDataTooBig)
def too_big(request, error):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: JSON as every other refusal, not Django's
    HTML 400 page."""
    detail = gettext("The request is too large.")
    return api.create_response(request, {"detail": detail}, status=413)


def public(view):
    """``view`` as a page-cache ``public_page``, dated by when it was rendered."""
    shared = pagecache.public_page(view, params=PARAMS)

    @functools.wraps(shared)  # keeps ninja's csrf_exempt: the API uses no cookies
    def dated(request, *args, **kwargs):
        response = shared(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            state = getattr(request, "page_cache", None)
            # A kept answer is true from its render until the purge that drops it.
            response["Last-Modified"] = http_date(state.started if state else time.time())
        return response

    return dated


def patterns():
    found, _, _ = api.urls
    return [
        URLPattern(p.pattern, public(p.callback), p.default_args, p.name) if p.name in KEPT else p
        for p in found
    ]


def index(request):
    """/api/, where a developer looks first: the versions, the schema and the docs."""
    return JsonResponse(
        {
            "versions": {"v1": {"articles": reverse("api:articles")}},
            "schema": reverse("api:openapi-json"),
            "documentation": reverse("api:openapi-view"),
        }
    )


@csrf_exempt  # it changes nothing: a POST to a wrong address gets the same JSON 404
def not_found(request, rest):
    """Any other address under /api/: a JSON 404 as the endpoints give, not the site's page."""
    return JsonResponse({"detail": "Not Found"}, status=404)


app_name = "api"
urlpatterns = [path("", index, name="index"), *patterns(), re_path(r"^(?P<rest>.+)$", not_found)]
