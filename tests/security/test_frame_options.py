"""X-Frame-Options (for browsers without CSP frame-ancestors) on every response."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_cached_pages_are_not_framed(a_published_article):
    client = Client()
    first = client.get(a_published_article.get_absolute_url())
    again = client.get(a_published_article.get_absolute_url())
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert first["X-Frame-Options"] == again["X-Frame-Options"] == "DENY"


def test_static_files_are_not_framed(settings):
    settings.WHITENOISE_USE_FINDERS = True  # whitenoise serves from the apps' static dirs
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/admin.css")  # a new client: fresh middleware
    assert response.status_code == 200
    assert type(response).__name__ == "WhiteNoiseFileResponse"  # not Django's static view
    assert response["X-Frame-Options"] == "DENY"


def test_error_pages_are_not_framed(db):
    assert Client().get("/no-such-page/")["X-Frame-Options"] == "DENY"
