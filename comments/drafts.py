"""
A comment the site did not take yet (a missing name, a duplicate, a form sent faster
than a person types), kept for its reader across a redirect: Post/Redirect/Get.

The rejected POST stores what was typed and the reasons in the cache for a quarter
of an hour and answers with a redirect to the article's form (``#comment-form``). Its
cookie holds only a signed random key and goes only to that article's address, so no
other page loses the page cache. Every reload shows the text and the reasons again
and posts nothing; a successful post discards the draft. The text stays on the
server because a cookie cannot hold a long comment (4 kB) and the email address
should not travel in one. If the cache cannot store it, the view renders the page in
place instead, as it always did.
"""

import logging
import secrets

from django.core.cache import cache
from django.shortcuts import redirect

from . import rules
from .forms import CommentForm

logger = logging.getLogger(__name__)

COOKIE = "newsroom_comment_draft"
SALT = "comments.draft"
MAX_AGE = 15 * 60
FIELDS = ("body", "name", "email", "website", "parent", "remember", "notify_author")


def _cache_key(key):
    return f"comments:draft:{key}"


def keep(request, article, form):
    """Store ``form``'s input and reasons; return the redirect to the form, or None."""
    data = {name: form.data.get(name, "") for name in FIELDS}
    draft = {
        "article": article.pk,
        "data": data,
        "errors": [str(error) for error in form.non_field_errors()],
    }
    key = secrets.token_urlsafe(18)
    # The production cache answers None when it is down (IGNORE_EXCEPTIONS).
    if not cache.add(_cache_key(key), draft, timeout=MAX_AGE):
        logger.warning("Cache unavailable: a rejected comment is shown in place.")
        return None
    url = article.get_absolute_url()
    response = redirect(f"{url}#comment-form")
    response.set_signed_cookie(
        COOKIE,
        key,
        salt=SALT,
        max_age=MAX_AGE,
        path=url,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def load(request, article):
    """The reader's draft for ``article`` as {"data", "errors"}, or None."""
    key = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    if not key:
        return None
    draft = cache.get(_cache_key(key))
    if not isinstance(draft, dict) or draft.get("article") != article.pk:
        return None
    return draft


def form_for(draft, article):
    """The reader's form as they sent it, with the reasons it was not taken."""
    token = rules.form_token(article.pk, shown_again=True)
    form = CommentForm({**draft["data"], "token": token}, article=article)
    form.is_valid()  # the fields' reasons, worked out again the same way
    for error in draft["errors"]:
        form.add_error(None, error)
    return form


def discard(response, article):
    """Forget the reader's draft once their comment went through.

    The cookie only goes to the article's address, not to the POST, so its key is not
    known here: the cookie is deleted and the stored draft expires by itself.
    """
    response.delete_cookie(COOKIE, path=article.get_absolute_url(), samesite="Lax")
    return response
