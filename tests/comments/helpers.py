from datetime import timedelta
from html.parser import HTMLParser

import time_machine
from django.utils import timezone

from comments.rules import form_token


def token_from(article, seconds_ago=60):
    """A form token as if the form had been shown ``seconds_ago``."""
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago), tick=False):
        return form_token(article.pk)


def comment_data(article, **overrides):
    """What a person's browser posts from the comment form."""
    data = {
        "name": "Ana Quispe",
        "email": "ana@example.org",
        "website": "",
        "body": "Good reporting.\nWill there be a debate in Aymara?",
        "parent": "",
        "token": token_from(article),
        "phone": "",
    }
    data.update(overrides)
    return data


def post_url(article):
    return f"/comments/post/{article.pk}/"


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self._in_form, self._textarea = {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "comment-form":
            self._in_form = True
        elif self._in_form and tag == "input" and attrs.get("name"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self._in_form and tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def shown_form(response):
    """The comment form's fields as the page shows them: what the browser sends again."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    fields = reader.fields
    fields["body"] = fields.get("body", "").removeprefix("\n")  # as browsers read a textarea
    return fields
