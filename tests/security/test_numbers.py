"""Every number a visitor can put in a URL or query string answers 404/400, never 500."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.comments.helpers import comment_data, post_url
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

# Past a C int, past a 64-bit integer, far past both, zero, and digits that are not ASCII.
HOSTILE = ["2147483648", "9223372036854775808", "9" * 19, "9" * 40, "0", "00", "²", "١٢", "1.5"]


@pytest.fixture
def visitor():
    """A client that answers like production: a 500 page instead of a raised exception."""
    return Client(raise_request_exception=False)


def numeric_urls(article, n):
    page = article.get_absolute_url()
    return [
        f"/{n}/",
        f"/2026/{n}/",
        f"/{n}/1/",
        f"/{n}/1/1/{article.slug}/",
        f"/2026/{n}/1/{article.slug}/",
        f"/2026/1/{n}/{article.slug}/",
        f"/?page={n}",
        f"/{n}/?page={n}",
        f"/search/?q=budget&page={n}",
        f"/sitemap-articles.xml?p={n}",
        f"{page}?cpage={n}",
        f"{page}?replyto={n}",
    ]


@pytest.mark.parametrize("n", HOSTILE)
def test_numbers_in_public_urls_never_give_a_500(visitor, a_published_article, n):
    CommentFactory(article=a_published_article, status=Comment.Status.APPROVED)
    statuses = {url: visitor.get(url).status_code for url in numeric_urls(a_published_article, n)}
    assert all(status in {200, 301, 302, 400, 404} for status in statuses.values()), statuses


@pytest.mark.parametrize("n", HOSTILE)
def test_numbers_in_the_comment_post_never_give_a_500(visitor, a_published_article, n):
    assert visitor.post(f"/comments/post/{n}/", {}).status_code in {404, 405}
    data = comment_data(a_published_article, parent=n, body=f"Reply to {n}")
    response = visitor.post(post_url(a_published_article), data, follow=True)
    assert response.status_code == 200
    if n.strip("0"):
        # Back on the form, which says what is wrong and keeps the text.
        assert response.redirect_chain[-1][0].endswith("#comment-form")
        assert f"Reply to {n}" in response.content.decode()
        assert not Comment.objects.filter(body=f"Reply to {n}").exists()
    else:  # parent 0: no parent, a top-level comment
        assert Comment.objects.filter(body=f"Reply to {n}").exists()


@pytest.mark.parametrize("n", HOSTILE)
def test_numbers_in_the_admin_reply_url_never_give_a_500(visitor, moderator, n):
    visitor.force_login(moderator)
    # Not an id: the admin's catch-all sends it to the change page, which says so.
    response = visitor.get(f"/admin/comments/comment/{n}/reply/", follow=True)
    assert response.status_code in {200, 404}


def test_dates_in_urls_still_work(visitor, a_published_article):
    when = a_published_article.published_at
    assert visitor.get(f"/{when.year}/").status_code == 200
    assert visitor.get(f"/{when.year}/{when.month}/").status_code == 200
    assert visitor.get(a_published_article.get_absolute_url()).status_code == 200
    assert visitor.get("/2026/13/").status_code == 404
