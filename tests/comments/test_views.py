import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import CommentPolicy
from comments import drafts
from comments.models import Comment
from comments.moderation import recount
from tests.comments.helpers import comment_data, post_url, shown_form
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_posting_stores_a_pending_comment_and_redirects_to_it(client, a_published_article):
    response = client.post(post_url(a_published_article), comment_data(a_published_article))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{a_published_article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == "Site policy: every comment is held for review."
    assert comment.ip_address == "127.0.0.1"


def test_only_the_author_sees_their_pending_comment(client, a_published_article):
    client.post(post_url(a_published_article), comment_data(a_published_article))
    mine = client.get(a_published_article.get_absolute_url())
    assertContains(mine, "Your comment is awaiting moderation.")
    assertContains(mine, "Will there be a debate in Aymara?")
    assertContains(mine, "One Comment")  # not “No Comments” right above their comment
    other = Client().get(a_published_article.get_absolute_url())
    assertNotContains(other, "Aymara")
    assertContains(other, "No Comments")


def test_heading_counts_approved_comments(client, a_published_article):
    url = a_published_article.get_absolute_url()
    assertContains(client.get(url), "No Comments")
    CommentFactory(article=a_published_article)
    assertContains(client.get(url), "One Comment")
    CommentFactory(article=a_published_article)
    CommentFactory(article=a_published_article, status=Comment.Status.PENDING)
    CommentFactory(article=a_published_article, status=Comment.Status.SPAM)
    assertContains(client.get(url), "2 Comments")


def test_comments_show_oldest_first_threaded_with_escaped_markup(client, a_published_article):
    first = CommentFactory(
        article=a_published_article,
        name="First <i>reader</i>",
        website="https://ana.example/",
        body="Line one\nline <b>two</b>",
    )
    reply = CommentFactory(article=a_published_article, parent=first, body="A reply")
    CommentFactory(article=a_published_article, body="Second top-level")
    html = client.get(a_published_article.get_absolute_url()).content.decode()
    assert html.index("Line one") < html.index("A reply") < html.index("Second top-level")
    assert "First &lt;i&gt;reader&lt;/i&gt;" in html and "<i>reader</i>" not in html
    assert "line &lt;b&gt;two&lt;/b&gt;" in html and "Line one<br>" in html
    assert 'href="https://ana.example/" rel="nofollow ugc noopener"' in html
    replies_block = html.split(f'id="comment-{first.pk}"')[1].split("Second top-level")[0]
    assert f'id="comment-{reply.pk}"' in replies_block


def test_email_and_ip_never_appear_in_public(client, a_published_article):
    CommentFactory(
        article=a_published_article, email="secret.person@example.org", ip_address="198.51.100.23"
    )
    for url in (
        a_published_article.get_absolute_url(),
        "/feed/",
        "/feed/atom/",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/",
    ):
        body = client.get(url).content.decode()
        assert "secret.person" not in body and "198.51.100.23" not in body


def test_validation_error_keeps_everything_typed(client, a_published_article):
    data = comment_data(
        a_published_article,
        email="not-an-email",
        website="ftp://files.example",
        body="My long thoughts about the council…",
    )
    response = client.post(post_url(a_published_article), data, follow=True)
    assertContains(response, "Please enter a valid email address")
    assertContains(response, "starting with http:// or https://")
    assertContains(response, "My long thoughts about the council…")
    assertContains(response, 'value="not-an-email"')
    assertContains(response, 'aria-invalid="true"')
    assert not Comment.objects.exists()


def test_a_rejected_comment_lands_on_the_form_at_an_address_that_reloads(
    client, a_published_article
):
    """Post/Redirect/Get: the reader lands on the form, not 2,000 px above it, and the
    address bar shows the article, which a reload shows again without posting."""
    url = a_published_article.get_absolute_url()
    data = comment_data(a_published_article, name="", body="Where is the debate?")
    response = client.post(post_url(a_published_article), data)
    assert response.status_code == 302
    assert response["Location"] == f"{url}#comment-form"
    for _reload in range(2):
        page = client.get(url)
        assert page.status_code == 200
        form = page.content.decode().split('id="comment-form"', 1)[1]
        errors = form.split('class="form-errors" role="alert">', 1)[1].split("</div>", 1)[0]
        assert "Please enter your name." in errors  # at the top of the form, in view
        assert shown_form(page)["body"] == "Where is the debate?"
    assert not Comment.objects.exists()
    # Only the reader's own browser sees it, and it is gone once the comment is taken.
    assertNotContains(Client().get(url), "Where is the debate?")
    # Browsers do not send the draft cookie (limited to the article's path) with the POST.
    draft_cookie = client.cookies.pop(drafts.COOKIE)
    fixed = client.post(post_url(a_published_article), {**shown_form(page), "name": "Ana"})
    assert fixed["Location"] == f"{url}#comment-{Comment.objects.get().pk}"
    deleted = fixed.cookies[drafts.COOKIE]
    assert (deleted.value, deleted["path"], deleted["max-age"]) == ("", draft_cookie["path"], 0)
    assertNotContains(client.get(url), "Please enter your name.")


def test_the_draft_cookie_holds_no_personal_data_and_bypasses_the_page_cache(
    client, a_published_article, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    url = a_published_article.get_absolute_url()
    client.get(url)  # the page is now in the page cache
    data = comment_data(a_published_article, name="", email="secret.person@example.org")
    client.post(post_url(a_published_article), data)
    cookie = client.cookies[drafts.COOKIE]
    assert "secret" not in cookie.value and "Aymara" not in cookie.value
    assert cookie["path"] == url and cookie["httponly"]
    page = client.get(url)
    assert page.get("X-Page-Cache") is None  # rendered for this reader, not from the cache
    assertContains(page, "Please enter your name.")


def test_without_a_cache_the_page_is_shown_in_place(client, a_published_article):
    with mock.patch("comments.drafts.cache.add", return_value=None):  # Redis down
        response = client.post(
            post_url(a_published_article), comment_data(a_published_article, name="")
        )
    assertContains(response, "Please enter your name.", status_code=400)
    assertContains(response, "Will there be a debate in Aymara?", status_code=400)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Please enter your name."),
        ("name", " \x00\x07 ", "Please enter your name."),
        ("email", "", "Please enter your email address."),
        ("body", "", "Please type your comment."),
        ("name", "n" * 246, "Please keep your name to 245 characters or fewer (it has 246)."),
        ("email", "e" * 95 + "@x.org", "Please keep your email address to 100 characters"),
        ("website", "https://example.org/" + "p" * 190, "Please keep the web address to 200"),
        ("body", "b" * 65_526, "please keep it to 65525 characters or fewer (it has 65526)"),
    ],
)
def test_each_field_has_a_clear_message(client, a_published_article, field, value, message):
    response = client.post(
        post_url(a_published_article),
        comment_data(a_published_article, **{field: value}),
        follow=True,
    )
    assertContains(response, message)
    assert not Comment.objects.exists()


def test_unicode_and_right_to_left_text_round_trip(client, a_published_article):
    name, body = "José Ñandú مريم", "שלום עולם — ¿qué tal? 👍\u200fok"
    client.post(
        post_url(a_published_article), comment_data(a_published_article, name=name, body=body)
    )
    comment = Comment.objects.get()
    assert (comment.name, comment.body) == (name, body)


def test_control_characters_are_stripped(client, a_published_article):
    client.post(
        post_url(a_published_article),
        comment_data(a_published_article, name="Ana\x1b[31m", body="Hi\x00 there\x08"),
    )
    comment = Comment.objects.get()
    assert comment.name == "Ana[31m" and comment.body == "Hi there"


@pytest.mark.parametrize("fixture", ["a_draft_article", "a_scheduled_article"])
def test_posting_to_an_unpublished_article_is_404(client, request, fixture):
    article = request.getfixturevalue(fixture)
    assert client.post(post_url(article), comment_data(article)).status_code == 404
    assert client.post("/comments/post/999999/", comment_data(article)).status_code == 404
    assert not Comment.objects.exists()


def test_get_is_not_allowed(client, a_published_article):
    assert client.get(post_url(a_published_article)).status_code == 405


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "", "Referer": "https://evil.example/page"},
        {"Origin": ""},  # neither Origin nor Referer
        {"Origin": "http://testserver.evil.example"},
    ],
)
def test_cross_site_posts_are_refused_with_the_text_kept(a_published_article, headers):
    """The anonymous form carries no CSRF token (pages are shared); the same-site check
    refuses a post from another site, and shows the reader their text."""
    client = Client(enforce_csrf_checks=True)
    data = comment_data(a_published_article, body="My words, kept")
    response = client.post(post_url(a_published_article), data, headers=headers)
    assert response.status_code == 403
    assertContains(response, "My words, kept", status_code=403)
    assert not Comment.objects.exists()


def test_same_site_post_needs_no_csrf_cookie(a_published_article, settings):
    settings.COMMENTS = {"FLOOD_SECONDS": 0}
    client = Client(enforce_csrf_checks=True)
    data = comment_data(a_published_article)
    referer = {
        "Origin": "",
        "Referer": f"http://testserver{a_published_article.get_absolute_url()}",
    }
    assert client.post(post_url(a_published_article), data).status_code == 302
    data = comment_data(a_published_article, email="other@example.org", body="Second")
    assert client.post(post_url(a_published_article), data, headers=referer).status_code == 302
    assert Comment.objects.count() == 2


def test_a_replayed_form_token_is_refused(a_published_article, settings):
    settings.COMMENTS = {"FLOOD_SECONDS": 0}
    client = Client(enforce_csrf_checks=True)
    data = comment_data(a_published_article, body="First thoughts")
    assert client.post(post_url(a_published_article), data).status_code == 302
    replay = {**data, "body": "Same token, other words"}
    response = Client().post(post_url(a_published_article), replay, follow=True)
    assertContains(response, "already been used")
    assertContains(response, "Same token, other words")
    assert Comment.objects.count() == 1


def test_staff_posts_still_need_the_csrf_token(editor, a_published_article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    data = comment_data(a_published_article)
    assert client.post(post_url(a_published_article), data).status_code == 403
    page = client.get(a_published_article.get_absolute_url()).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data["csrfmiddlewaretoken"] = csrf
    assert client.post(post_url(a_published_article), data).status_code == 302


def test_closed_article_refuses_posts_and_keeps_comments_visible(client, a_published_article):
    CommentFactory(article=a_published_article, body="An earlier comment")
    a_published_article.allow_comments = False
    a_published_article.save()
    page = client.get(a_published_article.get_absolute_url())
    assertContains(page, "Comments are closed.")
    assertContains(page, "An earlier comment")
    assertNotContains(page, "Leave a Comment")
    response = client.post(post_url(a_published_article), comment_data(a_published_article))
    assert response.status_code == 403
    assertContains(response, "Comments are closed", status_code=403)
    assert Comment.objects.count() == 1


def test_comments_close_after_the_configured_age(client, settings):
    settings.COMMENTS = {"CLOSE_AFTER_DAYS": 14}
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=15))
    fresh = ArticleFactory()
    assert client.post(post_url(old), comment_data(old)).status_code == 403
    assert client.post(post_url(fresh), comment_data(fresh)).status_code == 302


def test_category_can_close_comments(client, a_published_article):
    a_published_article.categories.add(
        CategoryFactory(name="Courts", comment_policy=CommentPolicy.CLOSED)
    )
    response = client.post(post_url(a_published_article), comment_data(a_published_article))
    assert response.status_code == 403


def test_replies_thread_under_their_parent(client, a_published_article):
    parent = CommentFactory(article=a_published_article)
    page = client.get(a_published_article.get_absolute_url(), {"replyto": parent.pk})
    assertContains(page, f"Reply to {parent.name}")
    assertContains(page, f'name="parent" value="{parent.pk}"')
    client.post(post_url(a_published_article), comment_data(a_published_article, parent=parent.pk))
    reply = Comment.objects.get(parent=parent)
    assert (reply.thread_id, reply.depth) == (parent.pk, 2)


@pytest.mark.parametrize("case", ["other_article", "unknown", "pending_parent", "too_deep"])
def test_forged_parents_are_refused(client, a_published_article, case, settings):
    settings.COMMENTS = {"MAX_DEPTH": 2}
    parent_id = {
        "other_article": lambda: CommentFactory().pk,
        "unknown": lambda: 987654,
        "pending_parent": lambda: (
            CommentFactory(article=a_published_article, status=Comment.Status.PENDING).pk
        ),
        "too_deep": lambda: (
            CommentFactory(
                article=a_published_article, parent=CommentFactory(article=a_published_article)
            ).pk
        ),
    }[case]()
    response = client.post(
        post_url(a_published_article),
        comment_data(a_published_article, parent=parent_id, body="Forged"),
    )
    assert response["Location"].endswith("#comment-form")
    assert not Comment.objects.filter(body="Forged").exists()


def test_comment_pages_after_the_configured_number_of_threads(
    client, a_published_article, settings
):
    settings.COMMENTS = {"PER_PAGE": 3}
    for n in range(5):
        CommentFactory(article=a_published_article, body=f"Thread {n}")
    first = client.get(a_published_article.get_absolute_url())
    assertContains(first, "Thread 2")
    assertNotContains(first, "Thread 3")
    second = client.get(a_published_article.get_absolute_url(), {"cpage": 2})
    assertContains(second, "Thread 4")
    assertContains(first, "5 Comments")


def test_remember_me_sets_a_cookie_only_when_ticked(client, a_published_article):
    client.post(post_url(a_published_article), comment_data(a_published_article))
    assert "newsroom_commenter" not in client.cookies
    page = client.get(a_published_article.get_absolute_url())
    assertNotContains(page, 'value="Ana Quispe"')
    cache.clear()  # past the flood window
    client.post(
        post_url(a_published_article),
        comment_data(a_published_article, body="Second", remember="on"),
    )
    assert client.cookies["newsroom_commenter"].value
    page = client.get(a_published_article.get_absolute_url())
    assertContains(page, 'value="Ana Quispe"')
    assertContains(page, 'value="ana@example.org"')


def test_article_page_with_500_comments_runs_the_same_queries_as_with_one(
    client, a_published_article, django_assert_max_num_queries
):
    top = CommentFactory(article=a_published_article)
    # Cold caches: the comment rules, the page links and the breaking-news banner are read
    # once each and then kept; what matters is that 500 comments cost no more.
    with django_assert_max_num_queries(13) as one:
        client.get(a_published_article.get_absolute_url())
    parents = [top]
    for n in range(499):
        parent = parents[n % 40] if n % 3 else None
        parents.append(CommentFactory(article=a_published_article, parent=parent, recount=False))
    recount(a_published_article.pk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(a_published_article.get_absolute_url())
    assertContains(response, "500 Comments")


def test_links_on_the_error_page_lead_back_to_the_article(client, a_published_article):
    comment = CommentFactory(article=a_published_article)
    response = client.post(
        post_url(a_published_article), comment_data(a_published_article, name=""), follow=True
    )
    url = a_published_article.get_absolute_url()
    assertContains(response, f'href="{url}?replyto={comment.pk}#respond"')
    follow = client.get(f"{url}?replyto={comment.pk}")
    assertContains(follow, f"Reply to {comment.name}")


def test_reader_cookies_are_secure_over_https(client, settings, a_published_article):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # what HTTPS=1 sets
    client.post(
        post_url(a_published_article),
        comment_data(a_published_article, remember="on"),
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_ORIGIN="https://testserver",
        HTTP_HOST="testserver",  # as a browser sends it (the test client would add :80)
    )
    for name in ("newsroom_comments", "newsroom_commenter"):
        assert client.cookies[name]["secure"] is True
        assert client.cookies[name]["httponly"] is True


def test_the_remembered_author_cookie_does_not_hold_the_email(client, a_published_article):
    client.post(post_url(a_published_article), comment_data(a_published_article, remember="on"))
    value = client.cookies["newsroom_commenter"].value
    assert "ana@example.org" not in value and "example.org" not in value
    page = client.get(a_published_article.get_absolute_url())
    assertContains(page, 'value="ana@example.org"')  # still filled in, from the database


def test_a_rejected_reply_comes_back_under_its_comment(client, a_published_article):
    parent = CommentFactory(article=a_published_article, name="Marco")
    data = comment_data(a_published_article, parent=parent.pk, name="", body="My reply")
    page = client.post(post_url(a_published_article), data, follow=True)
    html = page.content.decode()
    assert html.index(f'id="comment-{parent.pk}"') < html.index('id="comment-form"')
    assertContains(page, "Reply to Marco")
    assert shown_form(page)["parent"] == str(parent.pk)
    assert shown_form(page)["body"] == "My reply"


def test_a_post_finds_its_article_in_the_shared_cache_until_the_article_or_a_section_changes(
    a_published_article, django_assert_max_num_queries
):
    """Every post needs the article and its sections' comment policies; the second post
    reads them from the cache, and closing comments on the article or in its section
    reaches the very next post."""
    section = CategoryFactory(name="Law & Justice")
    a_published_article.categories.add(section)

    def post(n):
        data = comment_data(a_published_article, email=f"reader{n}@example.org", body=f"No. {n}")
        return Client(REMOTE_ADDR=f"198.51.100.{n}").post(post_url(a_published_article), data)

    assert post(1).status_code == 302
    with django_assert_max_num_queries(4):  # the article and its sections come from the cache
        assert post(2).status_code == 302  # the duplicate check, the insert (in BEGIN/COMMIT)

    section.comment_policy = CommentPolicy.CLOSED
    section.save()
    assertContains(post(3), "Comments are closed on articles in Law &amp; Justice", status_code=403)
    section.comment_policy = CommentPolicy.SITE_DEFAULT
    section.save()
    assert post(4).status_code == 302
    a_published_article.allow_comments = False
    a_published_article.save()
    assert post(5).status_code == 403
    assert Comment.objects.count() == 3
