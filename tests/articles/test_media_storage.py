"""Uploads on S3-compatible object storage (a real local S3 API: moto's server)."""

import re
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.library import LibraryImage
from articles.models import Article
from tests.articles.images import tiny_png
from tests.factories import CategoryFactory
from tests.test_settings import load_settings

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


def keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def originals(client, bucket):
    """The uploads themselves, without their renditions."""
    return [key for key in keys(client, bucket) if not key.startswith("renditions/")]


def upload(client, editor, image, **fields):
    client.force_login(editor)
    return client.post(
        ADD,
        {
            "headline": "Bridge reopens",
            "slug": "bridge-reopens",
            "status": "published",
            "published_at_0": "2026-01-02",
            "published_at_1": "10:00",
            "image": SimpleUploadedFile("photo.png", image, "image/png"),
            "image_alt": "The bridge",
            "allow_comments": "on",
            # What the pre-publish checklist asks for (desk/checklist.py).
            "categories": [CategoryFactory().pk],
            "byline": "Andina staff",
            "image_credit": "Ana Quispe / Andina",
            "publish_checked": "on",
            **fields,
        },
    )


def test_an_upload_lands_in_the_bucket_and_readers_get_its_url(
    client, superuser, s3_media, s3_server, settings
):
    s3, bucket = s3_media
    image = tiny_png()
    assert upload(client, superuser, image).status_code == 302
    article = Article.objects.get()
    assert keys(s3, bucket) == [article.image.name]
    assert not (settings.MEDIA_ROOT / article.image.name).exists()  # not on this machine

    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    url = f"{s3_server}/{bucket}/{article.image.name}"
    assert f'<img src="{url}"' in page
    assert f'<meta property="og:image" content="{url}">' in page  # not prefixed by our host
    with urllib.request.urlopen(url, timeout=5) as response:  # what a browser fetches
        assert response.read() == image
        assert "immutable" in response.headers["Cache-Control"]


def test_a_replaced_image_stays_in_the_library_until_the_library_item_is_deleted(
    client, superuser, s3_media, django_capture_on_commit_callbacks
):
    s3, bucket = s3_media
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, superuser, tiny_png())
    article = Article.objects.get()
    first = article.image.name

    assert any(key.startswith(f"renditions/{first[:-4]}/") for key in keys(s3, bucket))

    with django_capture_on_commit_callbacks(execute=True):
        article.image = SimpleUploadedFile("second.png", tiny_png(size=(9, 9)), "image/png")
        article.save()
    # The first picture is still in the media library, for other articles.
    assert originals(s3, bucket) == sorted([first, article.image.name])
    assert LibraryImage.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert len(originals(s3, bucket)) == 2  # deleting an article leaves the library alone

    with django_capture_on_commit_callbacks(execute=True):
        for item in LibraryImage.objects.all():
            item.delete()  # nothing uses them any more
    assert keys(s3, bucket) == []  # nor their renditions


def test_a_file_another_article_still_uses_is_kept(superuser, s3_media, a_published_article):
    s3, bucket = s3_media
    a_published_article.image.save("a.png", SimpleUploadedFile("a.png", tiny_png()))
    copy = Article.objects.create(
        headline="Copy", slug="copy", image=a_published_article.image.name
    )
    from articles.tasks import delete_image_file

    delete_image_file.enqueue(a_published_article.image.name)  # as after a replacement
    assert keys(s3, bucket) == [copy.image.name]


def test_the_settings_choose_s3_from_the_environment():
    result = load_settings(
        SECRET_KEY="x" * 50,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="courier-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        code="print(settings.STORAGES['default']['BACKEND'],"
        " settings.STORAGES['default']['OPTIONS']['bucket_name'],"
        " settings.SECURE_CSP['img-src'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("storages.backends.s3.S3Storage courier-media ")
    assert "'https://objects.example.net'" in result.stdout  # images may load from there
    missing = load_settings(SECRET_KEY="x" * 50, MEDIA_STORAGE="s3")
    assert missing.returncode != 0
    assert re.search(r"MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME", missing.stderr)
