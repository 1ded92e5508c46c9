"""A full media disk: the editor gets a form error that keeps what they typed, and no
half-written file is left behind."""

import errno
import os
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Article
from tests.articles.images import tiny_png

pytestmark = pytest.mark.django_db

real_fdopen = os.fdopen


@pytest.fixture
def full_media_disk(settings):
    """Writes under MEDIA_ROOT get a few bytes onto the disk, then ENOSPC."""
    media_root = str(settings.MEDIA_ROOT)

    class FullDisk:
        def __init__(self, file):
            self.file = file

        def write(self, data):
            self.file.write(data[:16])
            self.file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.file, name)

    def fdopen(fd, *args, **kwargs):
        file = real_fdopen(fd, *args, **kwargs)
        if os.readlink(f"/proc/self/fd/{fd}").startswith(media_root):
            return FullDisk(file)
        return file

    with mock.patch("os.fdopen", fdopen):
        yield Path(media_root)


def test_a_full_disk_is_a_form_error_that_keeps_the_form(editor, full_media_disk):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/add/",
        {
            "headline": "Flood reaches the old bridge",
            "slug": "flood-reaches-the-old-bridge",
            "standfirst": "Residents moved to higher ground overnight.",
            "status": "draft",
            "image": SimpleUploadedFile("bridge.png", tiny_png(), "image/png"),
            "image_alt": "The bridge under water",
            "allow_comments": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "the server’s disk is full" in page
    assert 'value="Flood reaches the old bridge"' in page
    assert "Residents moved to higher ground overnight." in page
    assert not Article.objects.exists()
    leftovers = [p for p in full_media_disk.rglob("*") if p.is_file()]
    assert leftovers == []
