import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import Article
from tests.articles.images import tiny_png

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


def png_claiming(width, height):
    """A tiny PNG whose header claims ``width``×``height``: a decompression bomb's shape."""
    data = bytearray(tiny_png())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def upload(client, editor, name, content, content_type="image/png"):
    client.force_login(editor)
    return client.post(
        ADD,
        {
            "headline": "With a picture",
            "slug": "with-a-picture",
            "status": "draft",
            "image": SimpleUploadedFile(name, content, content_type),
            "image_alt": "A picture",
            "allow_comments": "on",
        },
    )


def test_a_real_image_is_stored_under_a_generated_name(client, editor):
    response = upload(client, editor, "../../etc/evil name.php.png", tiny_png())
    assert response.status_code == 302
    name = Article.objects.get().image.name
    assert name.startswith("articles/") and name.endswith(".png")
    assert "evil" not in name and ".." not in name and "php" not in name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.png", b"<?php system($_GET['c']); ?>", "Upload a valid image"),
        ("page.jpg", b"<html><script>alert(1)</script></html>", "Upload a valid image"),
        ("big.png", png_claiming(10_000, 5_000), "too large to process safely"),
        ("bomb.png", png_claiming(50_000, 50_000), "Upload a valid image"),
        (
            "icon.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Upload a valid image",
        ),
    ],
)
def test_hostile_or_broken_uploads_are_refused(client, editor, name, content, message):
    response = upload(client, editor, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_oversized_files_are_refused_with_the_limit(client, editor, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 50
    response = upload(client, editor, "big.png", tiny_png(size=(64, 64)))
    assertContains(response, "Please upload an image under 0 MB.")


def test_the_model_checks_images_on_paths_that_skip_forms(tmp_path):
    """Imports and scripts call full_clean(); our own check runs there too."""
    from django.core.exceptions import ValidationError

    article = Article(headline="Imported", slug="imported", image_alt="x")
    article.image = SimpleUploadedFile("x.png", b"not an image", "image/png")
    with pytest.raises(ValidationError, match="not an image we can use"):
        article.full_clean()


def test_bmp_images_are_refused_by_format(client, editor):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "BMP")
    response = upload(client, editor, "old.bmp", buffer.getvalue(), "image/bmp")
    assert response.status_code == 200
    assert not Article.objects.exists()
