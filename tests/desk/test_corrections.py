import json
import re

import pytest
from django.urls import reverse

from articles.models import Correction
from tests.desk.test_revisions import change
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXT = "An earlier version misspelled the mayor’s name as Quipse."


def json_ld(html):
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def add_correction(client, article, text=TEXT, kind="correction"):
    page = client.get(change(article))
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if isinstance(value, str)
    }
    form = page.context["adminform"].form
    data.update(
        {
            "headline": article.headline,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": article.body,
            "status": article.status,
            "allow_comments": "on",
            "tags": "",
            "base_revision": str(form["base_revision"].value()),
            "published_at_0": f"{article.published_at:%Y-%m-%d}",
            "published_at_1": f"{article.published_at:%H:%M:%S}",
            "corrections-TOTAL_FORMS": "1",
            "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0",
            "corrections-MAX_NUM_FORMS": "1000",
            "corrections-0-kind": kind,
            "corrections-0-text": text,
        }
    )
    return client.post(change(article), data)


def test_an_editor_adds_a_correction_and_readers_see_it_at_once(
    client, editor, a_published_article
):
    url = a_published_article.get_absolute_url()
    assert TEXT not in client.get(url).text  # now in the page cache
    client.force_login(editor)
    response = add_correction(client, a_published_article)
    assert response.status_code == 302
    correction = a_published_article.corrections.get()
    assert correction.created_by == editor
    client.logout()

    page = client.get(url).text
    day = f"{correction.created_at:%-d %B %Y}"
    assert f'Correction, <time datetime="{correction.created_at:%Y-%m-%dT%H:%M:%S}' in page
    assert f">{day}</time>:</strong> {TEXT}</li>" in page
    assert json_ld(page)["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": TEXT,
            "datePublished": correction.created_at.isoformat(),
        }
    ]


def test_corrections_page_and_feed_list_them_newest_first(client, a_published_article):
    other = ArticleFactory(headline="Second story")
    client.get(reverse("articles:corrections"))  # cached, then purged by the new ones
    Correction.objects.create(article=a_published_article, text="First fix.")
    Correction.objects.create(article=other, text="Second fix.")
    Correction.objects.create(article=other, text="Only an update.", kind="update")
    draft = ArticleFactory(status="draft", published_at=None)
    Correction.objects.create(article=draft, text="Not public.")

    page = client.get(reverse("articles:corrections")).text
    assert page.index("Second fix.") < page.index("First fix.")
    assert "Only an update." not in page
    assert "Not public." not in page
    feed = client.get(reverse("articles:corrections_feed")).text
    assert feed.index("Second fix.") < feed.index("First fix.")
    assert other.get_absolute_url() in feed


def test_a_correction_marks_the_article_updated_in_its_feed(client, a_published_article):
    before = client.get(reverse("articles:feed_atom")).text
    Correction.objects.create(article=a_published_article, text="Fixed a date.")
    a_published_article.refresh_from_db()
    after = client.get(reverse("articles:feed_atom")).text
    assert before != after
    assert f"<updated>{a_published_article.updated_at.isoformat()}" in after


def test_writers_cannot_add_corrections(client, writer, a_draft_article):
    client.force_login(writer)
    assert "corrections-TOTAL_FORMS" not in client.get(change(a_draft_article)).text
