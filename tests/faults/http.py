"""A minimal cookie-keeping HTTP client for tests against the live server (127.0.0.1)."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request


class Reader:
    """One reader's browser: keeps cookies, reads the comment form, posts it."""

    def __init__(self, base_url, address=None):
        self.base_url = base_url
        self.headers = {"User-Agent": "newsroom-tests"}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )

    def request(self, path, data=None, timeout=10):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {**self.headers}
        if data is not None:
            headers["Referer"] = self.base_url + path
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        self.location = None
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            self.location = error.headers.get("Location")  # where a redirect pointed
            return error.code, error.read().decode()

    def comment_form(self, article_path):
        """The form's action and hidden fields, or the page's status if it did not load."""
        status, html = self.request(article_path)
        if status != 200:
            return status, None
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"', html))
        action = re.search(r'<form class="comment-form" method="post" action="([^"]+)"', html)
        return action.group(1), fields

    def post_comment(self, article_path, *, typing_seconds=0, **values):
        """Load the article, fill in its comment form and send it; return the status."""
        action, hidden = self.comment_form(article_path)
        if hidden is None:
            return action
        time.sleep(typing_seconds)  # people take longer than the bot trap's minimum
        return self.request(action, {**hidden, "phone": "", "parent": "", **values})[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
