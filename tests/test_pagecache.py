"""Whole-page caching for anonymous readers, and its exact invalidation."""

import gzip
import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from comments import moderation
from comments.models import Comment
from newsroom import pagecache
from tests.comments.helpers import comment_data, post_url
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory, SourceFactory

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.headers.get("X-Page-Cache")


def test_second_anonymous_visit_is_served_from_the_cache(
    client, a_published_article, django_assert_num_queries
):
    url = a_published_article.get_absolute_url()
    assert get(Client(), url)[1] == "miss"
    with django_assert_num_queries(0):
        response, state = get(Client(), url)
    assert state == "hit"
    assertContains(response, a_published_article.headline)
    # No edge cache configured: nothing could purge a shared cache, so it must not keep it.
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=0"


def test_pages_behind_an_edge_cache_carry_their_keys_and_a_long_lifetime(
    a_published_article, settings
):
    settings.EDGE_CACHE_SERVERS = ["http://127.0.0.1:9"]
    response = Client().get(a_published_article.get_absolute_url())
    assert "s-maxage=86400" in response["Cache-Control"]
    keys = response["xkey"].split()
    assert f"article:{a_published_article.pk}" in keys
    assert f"comments:{a_published_article.pk}" in keys
    assert "articles" in keys  # from the "Latest" box, filled in by the app


def test_anonymous_pages_are_identical_for_every_reader_and_set_no_cookie(
    a_published_article, settings
):
    settings.COMMENTS = {"MIN_SECONDS": 0, "FLOOD_SECONDS": 0}
    url = a_published_article.get_absolute_url()
    pages = []
    for n in range(2):
        reader = Client(enforce_csrf_checks=True, REMOTE_ADDR=f"192.0.2.{n + 1}")
        page = reader.get(url)
        assert not page.cookies
        assert "Cookie" not in page.get("Vary", "")
        pages.append(page)
        form_token = re.search(r'name="token" value="([^"]+)"', page.content.decode())[1]
        data = comment_data(a_published_article, email=f"r{n}@example.org", body=f"From reader {n}")
        data["token"] = form_token
        assert reader.post(post_url(a_published_article), data).status_code == 302
    assert [page["X-Page-Cache"] for page in pages] == ["miss", "hit"]
    assert pages[0].content == pages[1].content
    per_response = {"X-Page-Cache", "X-Request-ID"}  # the log's id for this very request
    headers = [{k: v for k, v in page.items() if k not in per_response} for page in pages]
    assert headers[0] == headers[1]
    assert "csrfmiddlewaretoken" not in pages[0].content.decode()
    assert list(Comment.objects.values_list("status", flat=True)) == ["pending", "pending"]


def test_tracking_parameters_make_no_new_entries(a_published_article):
    url = a_published_article.get_absolute_url()
    assert get(Client(), url)[1] == "miss"
    for n in range(5):
        assert get(Client(), f"{url}?utm_source=news{n}&fbclid={n}")[1] == "hit"
    assert get(Client(), "/")[1] == "miss"
    assert get(Client(), "/?utm_medium=y&gclid=z")[1] == "hit"


def test_staff_and_readers_with_their_own_comments_bypass_the_cache(
    client, editor, a_published_article
):
    url = a_published_article.get_absolute_url()
    client.force_login(editor)
    assert get(client, url)[1] is None
    assert get(Client(), url)[1] == "miss"  # the staff view was not stored
    reader = Client()
    reader.post(post_url(a_published_article), comment_data(a_published_article))
    response, state = get(reader, url)
    assert state is None
    assertContains(response, "Your comment is awaiting moderation.")
    assertNotContains(get(Client(), url)[0], "awaiting moderation")


def test_drafts_and_previews_are_never_cached(client, editor, a_draft_article):
    url = a_draft_article.get_absolute_url()
    assert Client().get(url).status_code == 404
    client.force_login(editor)
    assertContains(client.get(url), "Preview:")
    assert Client().get(url).status_code == 404


def test_editing_an_article_refreshes_every_page_showing_it(a_published_article):
    category = CategoryFactory(slug="politics")
    a_published_article.categories.add(category)
    urls = [
        "/",
        a_published_article.get_absolute_url(),
        "/category/politics/",
        "/feed/",
        "/sitemap-news.xml",
    ]
    for url in urls:
        Client().get(url)
        assert get(Client(), url)[1] == "hit"
    a_published_article.headline = "Council approves a revised budget"
    a_published_article.save()
    for url in urls:
        response, state = get(Client(), url)
        assert state == "miss", url
        assertContains(response, "Council approves a revised budget")


def test_unpublishing_removes_the_article_everywhere(a_published_article):
    Client().get("/")
    a_published_article.status = "draft"
    a_published_article.save()
    assertNotContains(Client().get("/"), a_published_article.headline)
    assert Client().get(a_published_article.get_absolute_url()).status_code == 404


def test_section_and_source_changes_refresh_pages(a_published_article):
    category = CategoryFactory(name="Culture", slug="culture")
    source = SourceFactory(name="Andina")
    a_published_article.categories.add(category)
    a_published_article.source = source
    a_published_article.save()
    Client().get("/")
    Client().get(a_published_article.get_absolute_url())
    category.name = "Arts & Culture"
    category.save()
    assertContains(Client().get("/"), "Arts &amp; Culture")
    source.name = "Agencia Andina"
    source.save()
    assertContains(Client().get(a_published_article.get_absolute_url()), "Agencia Andina")


def test_tag_changes_refresh_pages(a_published_article):
    Client().get(a_published_article.get_absolute_url())
    a_published_article.tags.add("Budget")
    assertContains(Client().get(a_published_article.get_absolute_url()), "Budget")


def test_comment_decisions_refresh_the_article_page(a_published_article, moderator):
    url = a_published_article.get_absolute_url()
    comment = CommentFactory(article=a_published_article, status="pending", body="Held one")
    Client().get(url)
    assert get(Client(), url)[1] == "hit"
    moderation.approve(comment, by=moderator)
    response, state = get(Client(), url)
    assert state == "miss"
    assertContains(response, "Held one")
    assertContains(response, "One Comment")
    Client().get("/")
    moderation.remove(comment, by=moderator)
    assertNotContains(Client().get(url), "Held one")
    assert get(Client(), "/")[1] == "hit"  # the front page shows no comments: kept


def test_scheduled_article_appears_on_time_although_pages_are_cached():
    now = timezone.now()
    with time_machine.travel(now):
        ArticleFactory(headline="Embargoed story", published_at=now + timedelta(minutes=5))
        assertNotContains(Client().get("/"), "Embargoed story")
        assert get(Client(), "/")[1] == "hit"
    with time_machine.travel(now + timedelta(minutes=5, seconds=1)):
        response, state = get(Client(), "/")
        assert state == "miss"
        assertContains(response, "Embargoed story")
        assertContains(Client().get("/feed/"), "Embargoed story")


def test_conditional_get_answers_304(a_published_article):
    first = Client().get("/")
    etag = first["ETag"]
    again = Client().get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    a_published_article.headline = "Changed"
    a_published_article.save()
    assert Client().get("/", headers={"If-None-Match": etag}).status_code == 200


def test_html_is_compressed(a_published_article):
    response = Client().get("/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_search_and_posts_are_not_cached(a_published_article):
    Client().get("/search/?q=budget")
    assert get(Client(), "/search/?q=budget")[1] is None


def test_pages_are_stored_uncompressed_and_compressed_per_client(a_published_article):
    url = a_published_article.get_absolute_url()
    zipped = Client().get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content).decode().count(a_published_article.headline)
    plain = Client().get(url)
    assert plain["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in plain
    assertContains(plain, a_published_article.headline)


def test_a_page_rendered_just_after_a_change_is_served_whole_and_not_kept(
    a_published_article, monkeypatch
):
    """Within the clock margin after a change a page is not kept, and then nobody
    assembles its "Latest" box but the app: it must not go out as a raw include."""
    monkeypatch.setattr(pagecache, "CLOCK_MARGIN", 60)
    pagecache.purge(f"article:{a_published_article.pk}")
    response = Client().get(a_published_article.get_absolute_url())
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assertNotContains(response, "<esi:include")
    assertContains(response, 'id="latest-heading"')
    # The box filled in made the page longer than CommonMiddleware measured it: a client
    # trusting the old length reads a page cut short (seen by two gunicorn servers).
    assert int(response["Content-Length"]) == len(response.content)


def test_a_list_page_is_kept_on_its_first_render(a_published_article):
    """The archive's remembered count must not make its own page look stale."""
    category = CategoryFactory(slug="politics")
    a_published_article.categories.add(category)
    caches["default"].clear()  # no key has a recorded change yet (a new site, or evicted)
    assert get(Client(), "/category/politics/")[1] == "miss"
    assert get(Client(), "/category/politics/")[1] == "hit"


def test_a_hit_costs_one_cache_round_trip(a_published_article, monkeypatch):
    url = a_published_article.get_absolute_url()
    Client().get(url)
    calls, depth = [], [0]
    backend = caches["default"]

    def counted(name, original):
        def call(*args, **kwargs):
            if not depth[0]:  # locmem's get_many calls get: count what the app asks
                calls.append((name, args[:1]))
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for method in ("get", "get_many", "set", "add", "set_many"):
        monkeypatch.setattr(backend, method, counted(method, getattr(backend, method)))
    response, state = get(Client(), url)
    assert state == "hit"
    assertContains(response, 'id="latest-heading"')  # the fragment, filled in
    # The times its keys (and its "Latest" box's) changed: the page itself and the box
    # are this process's copies, not read again.
    assert [name for name, _ in calls] == ["get_many"], calls


@pytest.mark.parametrize(
    "query", ["?cpage=999", "?cpage=abc", "?replyto=123456", "?replyto=1&cpage=1"]
)
def test_addresses_that_are_not_the_pages_own_are_served_but_not_kept(a_published_article, query):
    """One copy per real page: a client cannot make us store a page per made-up value."""
    comment = CommentFactory(article=a_published_article)
    url = a_published_article.get_absolute_url()
    for _ in range(2):
        response, state = get(Client(), f"{url}{query}")
        assert response.status_code == 200 and state is None
    assert get(Client(), url)[1] == "miss"  # the page's own address is kept
    assert get(Client(), f"{url}?replyto={comment.pk}")[1] == "miss"  # a real reply form


def test_list_pages_keep_only_their_own_page_numbers(a_published_article):
    assert get(Client(), "/?page=01")[1] is None
    assert get(Client(), "/?page=1")[1] is None  # page 1 is the front page itself
    assert get(Client(), "/")[1] == "miss"


def test_a_flushed_cache_is_not_answered_from_a_process_own_copy(a_published_article):
    """Each process keeps copies of the pages it serves; a flush of the shared cache must
    reach them too, even for a page whose render looks newer than any change."""
    url = a_published_article.get_absolute_url()
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):  # a clock ahead
        assert get(Client(), url)[1] == "miss"
    caches["default"].clear()
    pagecache.purge("taxonomy")  # some key is dated again, earlier than that render
    assert get(Client(), url)[1] == "miss"


def test_a_value_made_from_rows_read_before_a_change_is_not_kept():
    """A page's render loads rows, an editor's change commits, then the render asks
    remember() for a value made from those rows: it is shown, but never kept for the
    renders after it (they would show the old words until the next change)."""
    render_began = time.time()
    token = pagecache._render_started.set(render_began)
    try:
        with time_machine.travel(render_began + 0.01, tick=False):
            pagecache.purge("article:7")  # committed after the rows were read
        with time_machine.travel(render_began + 1, tick=False):
            shown = pagecache.remember("words:7", lambda: "old words", depends=["article:7"])
    finally:
        pagecache._render_started.reset(token)
    assert shown == "old words"
    later = pagecache.remember("words:7", lambda: "new words", depends=["article:7"])
    assert later == "new words"


def test_a_process_own_copies_stay_bounded_by_count_too():
    """Thousands of tiny answers (an empty API page per polled timestamp) cost memory for
    each entry, not only for their few bytes."""
    copies = pagecache._LocalCopies(1_000_000)
    for n in range(5000):
        copies.put(f"page:{n}", {"content": b"{}", "keys": ["articles"]})
    assert len(copies.entries) <= 500  # not all 5,000: their 10 KB of bytes is not the cost


def test_a_copy_put_again_with_the_same_bytes_still_expires(settings):
    """A fragment is put again on every page render; its copy must still age out (the
    backstop for a lost purge)."""
    settings.PAGE_CACHE_SECONDS = 60
    copies = pagecache._LocalCopies(1_000_000)
    fragment = {"content": b"<ol></ol>", "keys": ["articles"]}
    with time_machine.travel(1000, tick=False) as clock:
        copies.put("fragment:latest", fragment)
        for seconds in (30, 29):
            clock.shift(seconds)
            assert copies.get("fragment:latest") is not None
            copies.put("fragment:latest", dict(fragment))
        clock.shift(2)
        assert copies.get("fragment:latest") is None


def test_a_next_publication_read_just_before_an_editor_schedules_is_not_believed(monkeypatch):
    """A request reads the schedule, an editor then commits an earlier story, and the
    request stores what it read after the editor's change was stored: the earlier story
    must still appear on time."""
    now = timezone.now()
    looked_up = pagecache._next_publication
    raced = []

    def read_before_the_editor_commits():
        upcoming = looked_up()
        if not raced:
            raced.append(True)
            ArticleFactory(headline="Embargoed story", published_at=now + timedelta(minutes=5))
        return upcoming

    with time_machine.travel(now):
        ArticleFactory(headline="Later story", published_at=now + timedelta(hours=2))
        caches["default"].delete(pagecache.NEXT_PUBLICATION)
        monkeypatch.setattr(pagecache, "_next_publication", read_before_the_editor_commits)
        Client().get("/")
        monkeypatch.setattr(pagecache, "_next_publication", looked_up)
        assert raced
        assert get(Client(), "/")[1] == "hit"
    with time_machine.travel(now + timedelta(minutes=5, seconds=1)):
        assertContains(Client().get("/"), "Embargoed story")


def test_a_due_story_is_purged_even_if_its_time_was_stored_under_an_older_schedule():
    now = timezone.now()
    with time_machine.travel(now):
        ArticleFactory(headline="Yesterday's story", published_at=now - timedelta(days=1))
        ArticleFactory(headline="Embargoed story", published_at=now + timedelta(minutes=5))
        Client().get("/")
        assert get(Client(), "/")[1] == "hit"
        # What a late writer leaves: the right time, under a schedule renewed since.
        upcoming, _ = caches["default"].get(pagecache.NEXT_PUBLICATION)
        caches["default"].set(pagecache.NEXT_PUBLICATION, (upcoming, "older"), timeout=None)
    with time_machine.travel(now + timedelta(minutes=5, seconds=1), tick=False):
        assertContains(Client().get("/"), "Embargoed story")


def test_a_story_due_before_the_schedule_changes_is_purged_by_the_change():
    """No reader came between 17:00 and an editor's save at 17:01: the 17:00 story's pages
    are purged then, not skipped for the next scheduled time."""
    now = timezone.now()
    politics = CategoryFactory(slug="politics")
    with time_machine.travel(now):
        ArticleFactory(headline="Yesterday's story", published_at=now - timedelta(days=1))
        embargoed = ArticleFactory(
            headline="Embargoed story", published_at=now + timedelta(minutes=5)
        )
        embargoed.categories.add(politics)
        Client().get("/category/politics/")
        assert get(Client(), "/category/politics/")[1] == "hit"
    with time_machine.travel(now + timedelta(minutes=6)):
        ArticleFactory(headline="Tomorrow's story", published_at=now + timedelta(days=1))
        assertContains(Client().get("/category/politics/"), "Embargoed story")
