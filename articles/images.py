"""
Uploaded images: only real raster images of sane size, stored under names we choose.

An upload is checked with Pillow (not by its name or the browser's content type),
refused above a byte and a pixel budget (decompression bombs), and saved as
``articles/<year>/<month>/<random>.<extension>`` so no uploaded name reaches the disk.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _detected_format(file):
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    f"This image is {width}×{height} pixels, too large to process safely. "
                    f"Please upload one under {settings.MAX_IMAGE_PIXELS // 1_000_000} megapixels.",
                    code="too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for broken or hostile files
        raise ValidationError(
            "This file is not an image we can use. Please upload a JPEG, PNG, WebP or GIF.",
            code="invalid_image",
        ) from error
    finally:
        file.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(
            f"{image_format} images are not accepted. Please upload a JPEG, PNG, WebP or GIF.",
            code="format",
        )
    return image_format


def validate_image_upload(file):
    """Refuse files that are too big, not images, or bombs."""
    if getattr(file, "_committed", False):
        # Already in storage, checked when it was uploaded. A model's validators run on
        # every save, and a stored file may be closed or remote: no need to read it again.
        return
    if file.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        megabytes = settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(
            f"This file is {file.size / (1024 * 1024):.1f} MB. Please upload an image under "
            f"{megabytes} MB.",
            code="too_big",
        )
    _detected_format(file)


def image_upload_path(instance, filename, folder="articles"):
    """A fresh random name; of the uploaded name only a known image extension survives."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = suffix if suffix in {*FORMATS.values(), "jpeg"} else "jpg"
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def author_photo_path(instance, filename):
    return image_upload_path(instance, filename, folder="authors")
