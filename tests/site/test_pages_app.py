"""Standing pages (About, Privacy notice…): written by editors, linked where they choose."""

import pytest
from django.contrib.auth.models import Group
from pytest_django.asserts import assertContains, assertNotContains

from pages.models import Page
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def page_form(**overrides):
    data = {
        "title": "About us",
        "slug": "about",
        "summary": "Who we are.",
        "body": "<p>We are a small newsroom.</p><script>alert(1)</script>",
        "is_published": "on",
        "in_footer": "on",
        "position": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_editor_creates_a_page_with_the_article_sanitiser(client, editor):
    client.force_login(editor)
    response = client.post("/admin/pages/page/add/", page_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = Page.objects.get(slug="about")
    assert page.body == "<p>We are a small newsroom.</p>"
    client.logout()
    reader = client.get("/about/")
    assertContains(reader, "<h1>About us</h1>", html=True)
    assertContains(reader, "We are a small newsroom.")
    assertNotContains(reader, "alert(1)")


def test_editors_role_covers_pages(editor):
    assert Group.objects.get(name="Editors").permissions.filter(codename="change_page").exists()
    assert editor.has_perm("pages.add_page")


def test_footer_and_header_links_follow_the_editors_choice(client):
    Page.objects.create(title="About us", slug="about", in_footer=True, in_header=False)
    Page.objects.create(title="Contact", slug="contact", in_footer=False, in_header=True)
    Page.objects.create(title="Hidden", slug="hidden", is_published=False, in_footer=True)
    home = client.get("/").content.decode()
    footer = home[home.index('<footer class="site-footer">') :]
    header = home[: home.index("</header>")]
    assert '<a href="/about/">About us</a>' in footer and "/about/" not in header
    assert '<a href="/contact/">Contact</a>' in header and "/contact/" not in footer
    assert "/hidden/" not in home
    assert client.get("/hidden/").status_code == 404


def test_a_new_footer_link_reaches_every_cached_page_at_once(client):
    article = ArticleFactory()
    for url in ("/", article.get_absolute_url()):
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
    Page.objects.create(title="Masthead", slug="masthead", in_footer=True)
    for url in ("/", article.get_absolute_url()):
        assertContains(client.get(url), '<a href="/masthead/">Masthead</a>', html=True)


def test_an_edited_page_is_purged_but_other_pages_stay_cached(client):
    page = Page.objects.create(title="Ethics", slug="ethics", body="<p>Old policy.</p>")
    ArticleFactory()
    client.get("/ethics/")
    client.get("/")
    page.body = "<p>New policy.</p>"
    page.save()
    assertContains(client.get("/ethics/"), "New policy.")
    assert client.get("/")["X-Page-Cache"] == "hit"  # the body is on no other page


def test_comment_form_links_to_the_privacy_notice(client):
    article = ArticleFactory()
    assertNotContains(client.get(article.get_absolute_url()), "privacy-note")
    Page.objects.create(title="Privacy notice", slug="privacy", is_privacy_notice=True)
    response = client.get(article.get_absolute_url())
    assertContains(response, '<a href="/privacy/">privacy notice</a>', html=True)


def test_only_one_privacy_notice(client, editor):
    Page.objects.create(title="Privacy notice", slug="privacy", is_privacy_notice=True)
    client.force_login(editor)
    response = client.post(
        "/admin/pages/page/add/",
        page_form(title="Privacy 2", slug="privacy-2", is_privacy_notice="on"),
    )
    assert response.status_code == 200
    assertContains(response, "Another page is already the privacy notice.")


def test_a_page_cannot_take_an_address_the_site_already_uses(client, editor):
    client.force_login(editor)
    response = client.post("/admin/pages/page/add/", page_form(title="Search", slug="search"))
    assert response.status_code == 200
    assertContains(response, "is already an address of the site")
    assert not Page.objects.exists()


def test_pages_are_in_the_sitemap_at_once(client):
    assert client.get("/sitemap.xml").status_code == 200
    Page.objects.create(title="About us", slug="about")
    index = client.get("/sitemap.xml")
    assertContains(index, "sitemap-pages.xml")
    assertContains(client.get("/sitemap-pages.xml"), "http://testserver/about/")
    Page.objects.create(title="Contact", slug="contact")
    assertContains(client.get("/sitemap-pages.xml"), "http://testserver/contact/")


def test_page_queries_are_fixed(client, django_assert_max_num_queries):
    Page.objects.create(title="About us", slug="about", body="<p>Hello.</p>")
    with django_assert_max_num_queries(7) as few:
        client.get("/about/?x=1")
    for n in range(6):
        Page.objects.create(title=f"Page {n}", slug=f"page-{n}", in_header=bool(n % 2))
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(len(few)):
        client.get("/about/")


def test_staff_preview_an_unpublished_page_never_cached_nor_indexed(client, editor):
    Page.objects.create(
        title="Masthead", slug="masthead", body="<p>Who we are.</p>", is_published=False
    )
    assert client.get("/masthead/").status_code == 404  # readers: no such page

    client.force_login(editor)
    response = client.get("/masthead/")
    assertContains(response, "Who we are.")
    assertContains(response, "Preview: this page is not published")
    assertContains(response, '<meta name="robots" content="noindex">', html=True)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    client.logout()
    assert client.get("/masthead/").status_code == 404  # the preview was not kept for readers
