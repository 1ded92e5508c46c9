"""
Responsive images: each uploaded image resized once, not on every request.

After an article's image (or its focal point) changes and the change commits, the
``generate_renditions`` task writes, through the default storage (local disk or S3
alike), for each kind of crop and each width up to the original's:

- ``full``: the whole picture, for the article page;
- ``card``: a 3:2 crop around the focal point the editor set, for cards;

as WebP and as JPEG (the fallback for browsers without WebP). The names carry the focal
point, so a new crop gets new addresses and no cache anywhere serves the old one. What
was made is recorded on the article (``image_renditions``); until then, and for any
kind missing, pages show the original.
"""

import io
import posixpath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

WIDTHS = (320, 480, 640, 960, 1280, 1600)
CROPS = {"full": None, "card": (3, 2)}
# Author photos are shown small and square (8rem across): 1×, 2× and 3× screens.
PORTRAIT_CROPS = {"portrait": (1, 1)}
PORTRAIT_WIDTHS = (128, 256, 384)
PORTRAIT_FOCUS = (50, 40)  # a head-and-shoulders shot: the face sits above the middle
FORMATS = {
    "webp": ("WEBP", {"quality": 72, "method": 4}),
    "jpeg": ("JPEG", {"quality": 75, "optimize": True, "progressive": True}),
}


def crop_box(size, ratio, focus):
    """The largest box of ``ratio`` (w, h) inside ``size`` whose centre is as near the
    focal point (percentages across and down) as the edges allow."""
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    box_w = min(width, height * ratio[0] // ratio[1])
    box_h = min(height, box_w * ratio[1] // ratio[0])
    centre_x, centre_y = width * focus[0] / 100, height * focus[1] / 100
    left = min(max(0, round(centre_x - box_w / 2)), width - box_w)
    top = min(max(0, round(centre_y - box_h / 2)), height - box_h)
    return (left, top, left + box_w, top + box_h)


def folder_of(source):
    """Where the renditions of ``source`` are kept, and nothing else."""
    return f"renditions/{posixpath.splitext(source)[0]}"


def rendition_name(source, kind, focus, width, extension, ratio=None):
    where = "" if ratio is None else f"-{focus[0]}x{focus[1]}"
    return f"{folder_of(source)}/{kind}{where}-{width}.{extension}"


def widths_for(source_width, widths=WIDTHS):
    """Our widths up to the source's; a source narrower than all of them is kept as is."""
    return [width for width in widths if width <= source_width] or [source_width]


def make_renditions(storage, source, focus, crops=CROPS, widths=WIDTHS):
    """Write every rendition of ``source`` that storage lacks; return what there is:
    {"source", "focus", kind: {"width", "height", format: [[width, name], ...]}}."""
    with storage.open(source, "rb") as file, Image.open(file) as original:
        original = ImageOps.exif_transpose(original)
        picture = original.convert("RGB")
    made = {"source": source, "focus": list(focus)}
    for kind, ratio in crops.items():
        cropped = picture.crop(crop_box(picture.size, ratio, focus))
        entry = {}
        for width in widths_for(cropped.width, widths):
            height = round(cropped.height * width / cropped.width)
            resized = None
            for extension, (image_format, options) in FORMATS.items():
                name = rendition_name(source, kind, focus, width, extension, ratio)
                if not storage.exists(name):
                    resized = resized or cropped.resize((width, height), Image.Resampling.LANCZOS)
                    buffer = io.BytesIO()
                    resized.save(buffer, image_format, **options)
                    storage.save(name, ContentFile(buffer.getvalue()))
                entry.setdefault(extension, []).append([width, name])
            entry.update(width=width, height=height)  # the largest, for width/height
        made[kind] = entry
    return made


def names_in(renditions):
    """Every stored name listed in an ``image_renditions`` record."""
    return {
        name
        for kind in (*CROPS, *PORTRAIT_CROPS)
        for extension in FORMATS
        for _, name in (renditions or {}).get(kind, {}).get(extension, [])
    }
