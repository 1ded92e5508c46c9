"""The import of WordPress's theme unit test export gives the counts the file itself
holds, counted here from the XML with the standard library, independently of the
importer's reader."""

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Category
from comments.models import Comment
from pages.models import Page

from .conftest import run

WP = "{https://wordpress.org/export/1.2/}"


def expected_counts(path):
    channel = ET.parse(path).getroot().find("channel")
    posts, comments, pages = Counter(), Counter(), 0
    now = datetime.now(UTC)
    for item in channel.findall("item"):
        kind, status = item.findtext(f"{WP}post_type"), item.findtext(f"{WP}status")
        if kind == "page":
            pages += 1
            continue
        if kind != "post":
            continue
        gmt = datetime.strptime(item.findtext(f"{WP}post_date_gmt"), "%Y-%m-%d %H:%M:%S")
        if item.findtext(f"{WP}post_password"):
            posts["draft"] += 1  # protected posts must not become public
        elif status == "publish" or status == "future":
            posts["scheduled" if gmt.replace(tzinfo=UTC) > now else "published"] += 1
        else:
            posts[{"draft": "draft", "pending": "review"}[status]] += 1
        for comment in item.findall(f"{WP}comment"):
            if comment.findtext(f"{WP}comment_type") in ("pingback", "trackback"):
                continue
            approved = comment.findtext(f"{WP}comment_approved")
            comments[
                {"1": "approved", "0": "pending", "spam": "spam"}.get(approved, "removed")
            ] += 1
    categories = {c.findtext(f"{WP}category_nicename") for c in channel.findall(f"{WP}category")}
    tags = {t.findtext(f"{WP}tag_slug") for t in channel.findall(f"{WP}tag")}
    return posts, comments, pages, len(categories), len(tags)


def actual_posts():
    now = timezone.now()
    found = Counter()
    for status, published_at in Article.objects.values_list("status", "published_at"):
        if status == Article.Status.PUBLISHED:
            found["scheduled" if published_at > now else "published"] += 1
        else:
            found[status] += 1
    return found


@pytest.mark.django_db
def test_the_import_has_the_counts_the_file_holds(theme_unit_test):
    posts, comments, pages, categories, tags = expected_counts(theme_unit_test)
    assert posts["published"] > 40 and comments["approved"] > 10  # the file is the real one

    report = run(theme_unit_test)

    assert actual_posts() == posts
    assert Counter(Comment.objects.values_list("status", flat=True)) == comments
    assert Page.objects.count() == pages
    assert Category.objects.count() == categories
    assert Tag.objects.count() == tags
    assert f"Articles:     {sum(posts.values())} new" in report
    attachments = sum(
        item.findtext(f"{WP}post_type") == "attachment"
        for item in ET.parse(theme_unit_test).getroot().iter("item")
    )
    assert f"Files:        {attachments} in the export" in report
    assert "Import finished." in report


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_says_so(theme_unit_test):
    run(theme_unit_test)
    before = (Article.objects.count(), Comment.objects.count(), Page.objects.count())

    report = run(theme_unit_test)

    assert (Article.objects.count(), Comment.objects.count(), Page.objects.count()) == before
    assert "Nothing changed" in report


@pytest.mark.django_db
def test_comment_counts_on_the_article_pages_are_right(theme_unit_test, client):
    run(theme_unit_test)
    article = Article.objects.get(headline="Template: Comments")

    assert article.approved_comment_count == article.comments.approved().count() > 15
    page = client.get(article.get_absolute_url())
    assert f"{article.approved_comment_count} Comments" in page.text
    # The thread survives: replies sit under their parents.
    assert article.comments.filter(parent__isnull=False).exists()


@pytest.mark.django_db
def test_deeper_sections_are_flattened_and_the_report_says_so(theme_unit_test):
    report = run(theme_unit_test)

    assert not Category.objects.filter(parent__parent__isnull=False).exists()
    grandchild = Category.objects.get(slug="grandchild-category")
    assert grandchild.parent.slug == "parent-category"
    assert "Parent Category › Child Category 03 › Grandchild Category" in report
