import pytest
from django.urls import reverse

from articles.models import Article
from desk.models import RevisionNote
from desk.revisions import latest_version, versions_of
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def edit(client, article, **overrides):
    """Post the article's form as the admin shows it: from its latest revision."""
    current = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "base_revision": str(latest_version(article).pk),
    }
    data = article_form(**{**current, **overrides})
    return client.post(change(article), data)


def test_every_admin_save_keeps_a_revision_with_who_and_what_changed(client, editor, draft):
    client.force_login(editor)
    response = edit(client, draft, headline="Floods close the Cusco highway")
    assert response.status_code == 302
    newest = versions_of(draft).first()
    assert newest.revision.user == editor
    assert newest.field_dict["headline"] == "Floods close the Cusco highway"
    assert newest.revision.desk_note.changed_fields == ["headline", "tags"]
    assert newest.revision.get_comment() == "Changed headline, tags."
    page = client.get(reverse("admin:articles_article_revisions", args=[draft.pk]))
    assert "Changed headline, tags." in page.text
    assert editor.get_username() in page.text


def test_a_save_outside_the_form_keeps_a_revision_too(client, editor, draft, settings):
    settings.PUBLISH_CHECKS_BLOCKING = []  # the draft has no section
    client.force_login(editor)
    before = versions_of(draft).count()
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert versions_of(draft).count() == before + 1
    assert versions_of(draft).first().field_dict["status"] == Article.Status.PUBLISHED


def test_compare_shows_the_differences_side_by_side(client, editor, draft):
    client.force_login(editor)
    edit(
        client,
        draft,
        headline="Floods close the Cusco highway",
        body="<p>The road to Cusco is closed.</p><p>Police say it may reopen Friday.</p>",
    )
    old, new = versions_of(draft)[1], versions_of(draft)[0]
    page = client.get(
        reverse("admin:articles_article_compare", args=[draft.pk]),
        {"old": old.pk, "new": new.pk},
    )
    assert page.status_code == 200
    assert "<ins>Cusco </ins>" in page.text
    assert "<ins><br>Police say it may reopen Friday.</ins>" in page.text
    assert "<ins>Public works, Roads</ins>" in page.text  # tags, sorted


def test_restore_brings_back_the_content_as_a_new_revision_and_never_publishes(
    client, writer, draft
):
    category = CategoryFactory(name="Transport")
    client.force_login(writer)
    first = latest_version(draft)
    edit(client, draft, headline="Highway shut", standfirst="", categories=[category.pk])
    restore = reverse("admin:articles_article_restore", args=[draft.pk, first.pk])
    assert "Rain cut the road." in client.get(restore).text
    response = client.post(restore)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Floods close the highway"
    assert draft.standfirst == "Rain cut the road."
    assert draft.status == Article.Status.DRAFT
    newest = latest_version(draft)
    assert newest.revision.desk_note.kind == RevisionNote.Kind.RESTORED
    assert versions_of(draft).count() == 3


def test_restoring_on_a_published_article_keeps_it_published(client, editor, draft, settings):
    settings.PUBLISH_CHECKS_BLOCKING = []  # the draft has no section
    client.force_login(editor)
    first = latest_version(draft)
    edit(client, draft, headline="Highway shut", status=Article.Status.PUBLISHED)
    client.post(reverse("admin:articles_article_restore", args=[draft.pk, first.pk]))
    draft.refresh_from_db()
    assert draft.headline == "Floods close the highway"
    assert draft.status == Article.Status.PUBLISHED


def test_writers_cannot_see_or_restore_revisions_of_what_they_may_not_edit(
    client, writer, a_published_article
):
    a_published_article.save()  # a revision to try
    version = latest_version(a_published_article)
    client.force_login(writer)
    urls = [
        reverse("admin:articles_article_revisions", args=[a_published_article.pk]),
        reverse("admin:articles_article_restore", args=[a_published_article.pk, version.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(urls[1]).status_code == 403


def test_compare_with_a_revision_of_another_article_is_a_404(client, editor, draft):
    other = ArticleFactory()
    client.force_login(editor)
    page = client.get(
        reverse("admin:articles_article_compare", args=[draft.pk]),
        {"old": latest_version(other).pk, "new": "x"},
    )
    assert page.status_code == 404
