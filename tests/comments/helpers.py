from datetime import timedelta

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
