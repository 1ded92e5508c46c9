"""The rough edges an editor found in the admin (issue 15)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.desk.test_revisions import change
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_writer_reads_a_published_body_as_text_not_html(client, writer):
    article = ArticleFactory(body="<p>The <strong>mayor</strong> spoke.</p>")
    client.force_login(writer)
    page = client.get(change(article)).text
    assert "<p>The <strong>mayor</strong> spoke.</p>" in page
    assert "&lt;p&gt;" not in page


def test_the_admin_shows_times_on_the_24_hour_clock(client, editor, settings):
    settings.TIME_ZONE = "UTC"
    when = timezone.now().replace(hour=15, minute=34)
    ArticleFactory(headline="Afternoon story", published_at=when)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist")).text
    assert f"{when:%-d %b %Y}, 15:34" in page
    assert "p.m." not in page


def test_tags_show_without_quotes_and_read_back_as_the_same_tags(client, editor):
    article = ArticleFactory(tags=["Drug trafficking", "Shining Path", "VRAEM"])
    client.force_login(editor)
    form = client.get(change(article)).context["adminform"].form
    shown = form["tags"].value()
    text = form.fields["tags"].widget.format_value(shown)
    assert text == "Drug trafficking, Shining Path, VRAEM"
    assert sorted(form.fields["tags"].clean(text)) == ["Drug trafficking", "Shining Path", "VRAEM"]
    single = ArticleFactory(tags=["Shining Path"])
    one = client.get(change(single)).context["adminform"].form
    assert one.fields["tags"].clean(
        one.fields["tags"].widget.format_value(one["tags"].value())
    ) == ["Shining Path"]


def test_the_authors_help_says_who_becomes_the_author(client, writer):
    client.force_login(writer)
    page = client.get(reverse("admin:articles_article_add")).text
    assert "you are made the author when you save" in page


def test_the_categories_list_groups_subsections_under_their_section(client, editor):
    from tests.factories import CategoryFactory

    law = CategoryFactory(name="Law & Justice", position=1)
    CategoryFactory(name="Economy", position=2)
    CategoryFactory(name="Courts", parent=law)
    client.force_login(editor)
    changelist = reverse("admin:articles_category_changelist")
    page = client.get(changelist).text
    assert page.index("Law &amp; Justice</") < page.index("Law &amp; Justice › Courts")
    assert page.index("Law &amp; Justice › Courts") < page.index("Economy")
    assert "Not empty" not in page
    subsections = client.get(changelist, {"level": "sub"}).text
    assert "Law &amp; Justice › Courts" in subsections
    assert "Economy" not in subsections
