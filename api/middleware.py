"""
What every API request meets before a view or the page cache: its key or its rate
limit, and conditional GETs.

It sits outside ``newsroom.pagecache``: an answer served from the cache still counts
against the client's limit and its key's usage.
"""

from django.http import JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, ngettext

from . import ratelimit
from .models import ApiKey

API_PREFIX = "/api/v1/"


def presented_key(request):
    """The API key the request carries (``Authorization: Bearer …`` or ``X-Api-Key``)."""
    authorization = request.headers.get("Authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-Api-Key", "").strip() or None


def refusal(status, detail, **headers):
    response = JsonResponse({"detail": detail}, status=status, headers=headers)
    add_never_cache_headers(response)  # an edge cache must not keep a refusal for others
    return response


class ApiGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # ETags for every answer (cached ones already have theirs) and 304s for
        # If-None-Match and If-Modified-Since: Django's own rules, on API paths only.
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX) or request.method == "OPTIONS":
            return self.get_response(request)
        key = presented_key(request)
        if key is not None:
            if not ApiKey.objects.record_use(key):
                return refusal(
                    401,
                    gettext("This API key is not valid or has been revoked."),
                    **{"WWW-Authenticate": 'Bearer error="invalid_token"'},
                )
        elif wait := ratelimit.seconds_to_wait(request):
            return refusal(
                429,
                ngettext(
                    "Too many requests: try again in %(seconds)d second, or ask us for an API key.",
                    "Too many requests: try again in %(seconds)d seconds, or ask us for an "
                    "API key.",
                    wait,
                )
                % {"seconds": wait},
                **{"Retry-After": str(wait)},
            )
        response = self.conditional(request)
        if response.status_code == 405:
            # ninja's own answer is an HTML page: JSON as every other refusal.
            return refusal(
                405,
                gettext("This address does not accept %(method)s requests.")
                % {"method": request.method},
                Allow=response.get("Allow", ""),
            )
        return response
