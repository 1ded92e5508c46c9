"""Front-page curation: top stories, section pins and the breaking-news banner, all
visible at once on cached pages and ended on time by the clock."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, BreakingNews, TopStory
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def cache_state(url):
    response = Client().get(url)
    return response, response["X-Page-Cache"]


def headlines_in(html, headlines):
    """The headlines in the order the page shows them."""
    return sorted(headlines, key=lambda headline: html.index(headline))


def test_editors_order_the_top_stories_and_the_first_leads(client):
    old, older, new = (
        ArticleFactory(headline="Bridge vote", published_at=timezone.now() - timedelta(days=2)),
        ArticleFactory(headline="Water board", published_at=timezone.now() - timedelta(days=3)),
        ArticleFactory(headline="Fresh news", published_at=timezone.now()),
    )
    ArticleFactory(headline="Featured but not picked", is_featured=True)
    TopStory.objects.create(article=old, position=2)
    TopStory.objects.create(article=older, position=1)
    TopStory.objects.create(article=new, position=3)
    response = client.get("/")
    assert response.context["lead_story"] == older
    assert response.context["top_stories"] == [old, new]
    html = response.content.decode()
    assert headlines_in(html, ["Bridge vote", "Water board", "Fresh news"]) == [
        "Water board",
        "Bridge vote",
        "Fresh news",
    ]
    assert older not in response.context["article_list"]
    assert old not in response.context["article_list"]


def test_a_picked_story_that_is_not_public_is_left_out(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Not yet")
    TopStory.objects.create(article=draft, position=1)
    live = ArticleFactory(headline="Live one")
    TopStory.objects.create(article=live, position=2)
    response = client.get("/")
    assert response.context["lead_story"] == live
    assertNotContains(response, "Not yet")


def test_reordering_top_stories_reaches_the_cached_home_page_at_once():
    first, second = ArticleFactory(headline="First"), ArticleFactory(headline="Second")
    pick = TopStory.objects.create(article=first, position=1)
    TopStory.objects.create(article=second, position=2)
    cache_state("/")
    assert cache_state("/")[1] == "hit"
    pick.position = 3
    pick.save()
    response, state = cache_state("/")
    assert state == "miss"
    assert response.context["lead_story"] == second


def test_a_pinned_story_tops_its_section(client):
    section = CategoryFactory(slug="politics")
    pinned = ArticleFactory(
        headline="Pinned explainer",
        categories=[section],
        published_at=timezone.now() - timedelta(days=30),
    )
    ArticleFactory(headline="Newest politics", categories=[section])
    assert cache_state("/category/politics/")[1] == "miss"
    assert cache_state("/category/politics/")[1] == "hit"
    section.pinned_article = pinned
    section.save()
    response = client.get("/category/politics/")
    assert response.context["pinned_story"] == pinned
    assert pinned not in response.context["article_list"]
    html = response.content.decode()
    assert headlines_in(html, ["Newest politics", "Pinned explainer"])[0] == "Pinned explainer"
    pinned.headline = "Pinned explainer, updated"
    pinned.save()
    assertContains(Client().get("/category/politics/"), "Pinned explainer, updated")


def test_breaking_banner_appears_on_cached_pages_at_once_and_ends_at_its_expiry(settings):
    settings.EDGE_CACHE_SERVERS = ["http://127.0.0.1:9"]  # purges to nowhere; lifetimes show
    story = ArticleFactory(headline="Polls closed")
    now = timezone.now() + timedelta(seconds=1)  # past the story's own purge
    with time_machine.travel(now):
        for url in ("/", story.get_absolute_url()):
            cache_state(url)
            assert cache_state(url)[1] == "hit"
        BreakingNews.objects.create(
            text="Polls have closed", article=story, expires_at=now + timedelta(minutes=30)
        )
        for url in ("/", story.get_absolute_url()):
            response, state = cache_state(url)
            assert state == "hit"  # the page itself is kept; only the fragment is new
            assertContains(response, f'<a href="{story.get_absolute_url()}">Polls have closed</a>')
            # The edge may keep the page no longer than the banner shows.
            s_maxage = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"])[1])
            assert 1790 <= s_maxage <= 1800
    with time_machine.travel(now + timedelta(minutes=30, seconds=1)):
        for url in ("/", story.get_absolute_url()):
            assertNotContains(Client().get(url), "Polls have closed")


def test_a_banner_set_to_start_later_appears_on_time(settings):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        BreakingNews.objects.create(
            text="Results at eight",
            starts_at=now + timedelta(minutes=10),
            expires_at=now + timedelta(hours=1),
        )
        assertNotContains(Client().get("/"), "Results at eight")
        assert cache_state("/")[1] == "hit"
        assertNotContains(Client().get("/"), "Results at eight")
    with time_machine.travel(now + timedelta(minutes=10, seconds=1), tick=False):
        assertContains(Client().get("/"), "Results at eight")


def test_ending_a_banner_early_removes_it_everywhere_at_once():
    banner = BreakingNews.objects.create(
        text="Road closed", expires_at=timezone.now() + timedelta(hours=2)
    )
    assertContains(Client().get("/"), "Road closed")
    assertContains(Client().get("/"), "Road closed")  # page and banner now kept
    banner.delete()
    assertNotContains(Client().get("/"), "Road closed")


def test_banner_costs_cached_pages_no_render(django_assert_max_num_queries):
    """A new banner purges one small fragment, not every page."""
    ArticleFactory()
    cache_state("/")
    BreakingNews.objects.create(
        text="Storm warning", expires_at=timezone.now() + timedelta(hours=1)
    )
    response, state = cache_state("/")
    assert state == "hit"
    assertContains(response, "Storm warning")


def test_expiry_must_follow_the_start():
    from django.core.exceptions import ValidationError

    now = timezone.now()
    banner = BreakingNews(text="x", starts_at=now, expires_at=now)
    with pytest.raises(ValidationError):
        banner.full_clean()
