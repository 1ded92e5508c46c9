"""
Anonymous comment posts without a CSRF cookie, and why that is safe.

The article page is the same for every anonymous reader, so that a cache (ours, Varnish,
a CDN) can keep one copy: it carries no per-reader CSRF token and sets no cookie. The
anonymous comment POST is protected instead by two checks, each of which a cross-site
forgery fails:

1. **Same site.** Browsers send ``Origin`` on every cross-origin POST (and on same-origin
   form posts in all current engines); a page on another site cannot forge or remove it.
   We require it to name this site. When a privacy setting strips it, ``Referer`` must name
   this site instead; a post with neither is refused. This is the check Django's own CSRF
   middleware makes for HTTPS, applied to both schemes.
2. **A signed form token** (``comments.rules.form_token``): the article and the time the
   form was rendered, signed with ``SECRET_KEY``. It proves the post comes from a form we
   served for this article recently, and each token posts one comment per commenter
   (``comments.rules.claim_token``), so a captured post cannot be replayed.

What CSRF protects against is a third-party page making a *logged-in* browser act with
its credentials. An anonymous comment carries no credentials: the worst a forgery could
do is post a comment in the visitor's name, and the same-site check stops that. Staff,
whose sessions are credentials, are always checked by Django's CSRF middleware as well.
"""

from urllib.parse import urlsplit

from django.conf import settings


def _allowed_origins(request):
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def is_same_site(request):
    """True if the POST came from a page of this site (see the module doc)."""
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin in _allowed_origins(request)
    referer = request.headers.get("Referer")
    if not referer:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}" in _allowed_origins(request)
