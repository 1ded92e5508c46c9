"""Responsive images: renditions made once per image and focal point, served with
srcset/sizes and fixed dimensions, through whatever storage holds the uploads."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from articles.models import Article
from articles.renditions import WIDTHS
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def two_halves(size=(1200, 400)):
    """A JPEG whose left half is red and right half blue."""
    image = Image.new("RGB", size, (220, 0, 0))
    image.paste((0, 0, 220), (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def pictured(django_capture_on_commit_callbacks):
    """A published article whose 1200×400 image has been saved and resized."""
    article = ArticleFactory(image_alt="Two colours")
    with django_capture_on_commit_callbacks(execute=True):
        article.image.save("halves.jpg", ContentFile(two_halves()), save=True)
    article.refresh_from_db()
    return article


def opened(name):
    with default_storage.open(name) as file, Image.open(file) as image:
        image.load()
        return image


def test_every_width_up_to_the_originals_in_webp_and_jpeg(pictured):
    made = pictured.image_renditions
    full = made["full"]
    assert [width for width, _ in full["webp"]] == [w for w in WIDTHS if w <= 1200]
    assert (full["width"], full["height"]) == (960, 320)
    for width, name in full["webp"]:
        image = opened(name)
        assert (image.format, image.size) == ("WEBP", (width, round(width / 3)))
    for width, name in full["jpeg"]:
        assert (opened(name).format, opened(name).width) == ("JPEG", width)
    card = made["card"]  # 3:2 from a 3:1 picture: 600×400 at most
    assert [width for width, _ in card["jpeg"]] == [320, 480]
    assert opened(card["jpeg"][-1][1]).size == (480, 320)


@pytest.mark.parametrize(("focus_x", "colour"), [(0, "red"), (100, "blue")])
def test_card_crop_follows_the_focal_point(django_capture_on_commit_callbacks, focus_x, colour):
    article = ArticleFactory(image_alt="Two colours", image_focus_x=focus_x)
    with django_capture_on_commit_callbacks(execute=True):
        article.image.save("halves.jpg", ContentFile(two_halves()), save=True)
    article.refresh_from_db()
    card = opened(article.image_renditions["card"]["jpeg"][0][1]).convert("RGB")
    red, _, blue = card.getpixel((card.width // 2, card.height // 2))
    assert (red > blue) == (colour == "red")
    corner_red, _, corner_blue = card.getpixel((2, 2))
    assert (corner_red > corner_blue) == (colour == "red")  # the whole crop is that half


def test_pages_serve_srcset_sizes_and_dimensions(client, pictured):
    page = client.get(pictured.get_absolute_url()).content.decode()
    figure = page[page.index('<figure class="featured">') :]
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', figure)
    assert webp and webp[1].count("w,") == len(pictured.image_renditions["full"]["webp"]) - 1
    assert ".webp 320w" in webp[1] and ".webp 960w" in webp[1]
    img = re.search(r"<img [^>]+>", figure)[0]
    assert 'width="960" height="320"' in img
    assert ".jpeg 320w" in img and 'sizes="' in img and 'alt="Two colours"' in img
    assert 'loading="lazy"' not in img  # the article's own picture loads at once

    home = client.get("/").content.decode()
    assert "card-50x50-480.webp 480w" in home


def test_cards_below_the_lead_load_lazily(client, pictured):
    ArticleFactory(is_featured=True)  # another story leads
    home = client.get("/").content.decode()
    img = re.search(r'<img src="[^"]*card-50x50[^"]*"[^>]*>', home)[0]
    assert 'loading="lazy"' in img and 'width="480" height="320"' in img


def test_before_renditions_exist_the_original_is_shown(client):
    article = ArticleFactory(image_alt="Two colours")
    article.image.save("halves.jpg", ContentFile(two_halves()), save=True)  # no commit yet
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{article.image.url}"' in page
    assert 'width="1200" height="400"' in page


def test_a_new_focal_point_makes_new_crops_and_reaches_cached_pages(
    pictured, django_capture_on_commit_callbacks
):
    old_card = pictured.image_renditions["card"]["jpeg"][0][1]
    Client().get("/")
    assert Client().get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        pictured.image_focus_x = 10
        pictured.save()
    pictured.refresh_from_db()
    new_card = pictured.image_renditions["card"]["jpeg"][0][1]
    assert "card-10x50-" in new_card and new_card != old_card
    assert not default_storage.exists(old_card)  # no page links to it any more
    assert "card-10x50-480.webp" in Client().get("/").content.decode()


def test_renditions_are_made_once(pictured, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pictured.headline = "A new headline"
        pictured.save()
    assert callbacks == []  # nothing to resize again
    assert Article.objects.get(pk=pictured.pk).renditions_current()
