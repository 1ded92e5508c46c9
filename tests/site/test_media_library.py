"""The media library: a picture uploaded once, its words and renditions reused by every
article that chooses it, pictures between paragraphs, and pages that follow its changes."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.library import LibraryImage
from articles.models import Article
from articles.sanitize import sanitize_article_body
from tests.factories import ArticleFactory
from tests.site.test_renditions import two_halves

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


@pytest.fixture
def library_item(django_capture_on_commit_callbacks):
    """A 1200×400 picture in the library, its renditions made."""
    item = LibraryImage(alt="Two colours", caption="A flag, folded", credit="Ana Quispe / Andina")
    with django_capture_on_commit_callbacks(execute=True):
        item.file.save("halves.jpg", ContentFile(two_halves()), save=True)
    item.refresh_from_db()
    return item


def article_form(**fields):
    return {
        "headline": "Bridge reopens",
        "status": "published",
        "published_at_0": "2026-01-02",
        "published_at_1": "10:00",
        "allow_comments": "on",
        **fields,
    }


def test_an_uploaded_article_image_goes_into_the_library(django_capture_on_commit_callbacks):
    article = ArticleFactory(image_alt="Two colours", image_caption="Caption", image_credit="AQ")
    with django_capture_on_commit_callbacks(execute=True):
        article.image.save("halves.jpg", ContentFile(two_halves()), save=True)
    article.refresh_from_db()
    item = article.library_image
    assert item.file.name == article.image.name
    assert (item.alt, item.caption, item.credit) == ("Two colours", "Caption", "AQ")
    assert item.renditions_current() and article.image_renditions == item.renditions


def test_choosing_a_library_image_shares_its_file_renditions_and_words(
    client, editor, library_item, django_capture_on_commit_callbacks
):
    files_before = default_storage.listdir("renditions/" + library_item.file.name[:-4])[1]
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, article_form(library_image=library_item.pk))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.image.name == library_item.file.name  # the same stored file, no copy
    assert (article.image_alt, article.image_caption, article.image_credit) == (
        "Two colours",
        "A flag, folded",
        "Ana Quispe / Andina",
    )
    assert article.image_renditions == library_item.renditions
    assert default_storage.listdir("renditions/" + library_item.file.name[:-4])[1] == files_before
    assert LibraryImage.objects.count() == 1

    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert ".webp 960w" in page and "A flag, folded" in page


def test_words_the_editor_typed_win_over_the_librarys(client, editor, library_item):
    client.force_login(editor)
    client.post(ADD, article_form(library_image=library_item.pk, image_caption="Our own words"))
    article = Article.objects.get()
    assert article.image_caption == "Our own words"
    assert article.image_alt == "Two colours"


def test_an_upload_in_a_form_with_errors_is_kept_and_stays_chosen(client, editor):
    client.force_login(editor)
    photo = SimpleUploadedFile("photo.jpg", two_halves(), "image/jpeg")
    response = client.post(ADD, article_form(headline="", image=photo, image_alt="The bridge"))
    assert response.status_code == 200  # the form again, with its error
    item = LibraryImage.objects.get()
    assert item.alt == "The bridge"
    page = response.content.decode()
    assert re.search(rf'<option value="{item.pk}" selected>', page)
    assert "Your upload was kept in the media library" in page

    # Sent again as the form now stands: the picture is not chosen a second time.
    response = client.post(
        ADD, article_form(headline="Bridge reopens", library_image=item.pk, image_alt="The bridge")
    )
    assert response.status_code == 302
    assert Article.objects.get().image.name == item.file.name
    assert LibraryImage.objects.count() == 1


def test_the_library_is_found_by_search_in_the_admin(client, editor, library_item):
    LibraryImage.objects.create(file=library_item.file.name, alt="Other", caption="Harbour")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_libraryimage_changelist"), {"q": "folded"})
    assert "A flag, folded" in page.content.decode()
    assert "Harbour" not in page.content.decode()
    picker = client.get(reverse("admin:articles_libraryimage_picker"), {"q": "harbour"})
    assert "Harbour" in picker.content.decode() and "A flag, folded" not in picker.content.decode()


def test_the_article_autocomplete_finds_library_images(client, editor, library_item):
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "andina",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "library_image",
        },
    )
    assert [row["id"] for row in response.json()["results"]] == [str(library_item.pk)]


def test_a_library_image_in_use_cannot_be_deleted(client, editor, library_item):
    ArticleFactory(library_image=library_item)
    client.force_login(editor)
    url = reverse("admin:articles_libraryimage_delete", args=[library_item.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the admin explains what protects it
    assert LibraryImage.objects.filter(pk=library_item.pk).exists()


# Pictures between paragraphs


def figure(item, caption="Folded at dawn", src=None):
    return (
        f'<figure class="figure"><img src="{src or item.file.url}" alt="A flag" '
        f'data-file="{item.pk}"><figcaption class="figure-caption">{caption}</figcaption></figure>'
    )


def test_the_sanitiser_keeps_figures_of_our_media_and_nothing_else(library_item):
    ours = figure(library_item)
    assert sanitize_article_body(f"<p>One</p>{ours}<p>Two</p>") == (
        f'<p>One</p><figure><img src="{library_item.file.url}" alt="A flag" '
        f'data-file="{library_item.pk}"><figcaption>Folded at dawn</figcaption></figure><p>Two</p>'
    )
    for hostile in (
        figure(library_item, src="https://tracker.example/pixel.gif"),
        figure(library_item, src="//tracker.example/media/x.jpg"),
        figure(library_item, src="/media/../admin/x.jpg"),
        figure(library_item, src="javascript:alert(1)"),
        f'<p><img src="{library_item.file.url}"></p>',  # an image outside a figure
    ):
        assert "<img" not in sanitize_article_body(hostile), hostile
    assert "onerror" not in sanitize_article_body(ours.replace("<img ", '<img onerror="x" '))
    assert "<figcaption>" not in sanitize_article_body("<figcaption>Loose</figcaption>")


def test_a_picture_in_the_body_is_served_responsively_with_the_librarys_credit(
    client, library_item
):
    article = ArticleFactory(body=f"<p>Before.</p>{figure(library_item)}<p>After.</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    body = page[page.index('<div class="body">') :]
    assert body.index("Before.") < body.index('<figure class="inline">') < body.index("After.")
    img = re.search(r"<img [^>]+>", body)[0]
    assert 'width="960" height="320"' in img and 'loading="lazy"' in img
    assert ".jpeg 320w" in img and 'alt="A flag"' in img
    assert ".webp 960w" in body
    assert "Folded at dawn" in body and "Ana Quispe / Andina" in body


def test_pictures_in_the_body_cost_one_query_however_many(client, library_item):
    plain, one, three = (
        ArticleFactory(body="<p>Words only.</p>"),
        ArticleFactory(body=figure(library_item)),
        ArticleFactory(body=figure(library_item) * 3),
    )
    client.get(ArticleFactory().get_absolute_url())  # the per-process caches filled
    counts = []
    for article in (plain, one, three):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[2] == counts[0] + 1


def test_a_caption_or_credit_change_in_the_library_reaches_cached_pages(
    library_item, django_capture_on_commit_callbacks
):
    featured = ArticleFactory(library_image=library_item)
    in_body = ArticleFactory(body=f"<p>x</p>{figure(library_item, caption='')}")
    untouched = ArticleFactory()
    for article in (featured, in_body, untouched):
        Client().get(article.get_absolute_url())
        assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        library_item.caption = "A flag, unfolded"
        library_item.credit = "Rosa Díaz"
        library_item.save()

    for article in (featured, in_body):
        page = Client().get(article.get_absolute_url())
        assert page["X-Page-Cache"] != "hit"
        assert "A flag, unfolded" in page.content.decode()
        assert "Rosa Díaz" in page.content.decode()
    assert Client().get(untouched.get_absolute_url())["X-Page-Cache"] == "hit"  # exact


def test_an_article_that_changed_the_caption_keeps_it(
    library_item, django_capture_on_commit_callbacks
):
    article = ArticleFactory(library_image=library_item)
    Article.objects.filter(pk=article.pk).update(image_caption="Our own words")
    with django_capture_on_commit_callbacks(execute=True):
        library_item.caption = "A flag, unfolded"
        library_item.save()
    assert Article.objects.get(pk=article.pk).image_caption == "Our own words"


def test_a_new_file_for_a_library_image_reaches_the_articles_and_the_old_one_goes(
    library_item, django_capture_on_commit_callbacks
):
    article = ArticleFactory(library_image=library_item)
    in_body = ArticleFactory(body=figure(library_item))
    old = library_item.file.name
    with django_capture_on_commit_callbacks(execute=True):
        library_item.file.save("better.jpg", ContentFile(two_halves((900, 600))), save=True)
    article.refresh_from_db()
    in_body.refresh_from_db()
    assert f'src="{library_item.file.url}"' in in_body.body  # the editor shows the new file
    assert article.image.name == library_item.file.name != old
    full = article.image_renditions["full"]
    assert (full["width"], full["height"]) == (640, 427) and article.renditions_current()
    assert not default_storage.exists(old)
    assert ".webp 640w" in Client().get(article.get_absolute_url()).content.decode()


def test_a_picture_inside_an_article_cannot_be_deleted(client, editor, library_item):
    ArticleFactory(body=figure(library_item))
    client.force_login(editor)
    url = reverse("admin:articles_libraryimage_delete", args=[library_item.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert LibraryImage.objects.filter(pk=library_item.pk).exists()
