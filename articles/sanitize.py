"""
The one HTML policy for article bodies.

The admin editor (django-prose-editor) offers exactly these elements; anything
else that reaches the database, by form, import or plain ``save()``, is cut
down to them by nh3. Scripts, event handlers, styles and ``javascript:`` URLs
cannot survive.
"""

import re
from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.urls import reverse_lazy

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"protocols": ["http", "https", "mailto"]},
    # Browser spell-checking on (the editor turns it off by default).
    "NoSpellCheck": False,
    # django-prose-editor's default menu with the block types (paragraph, H2, H3) as
    # visible buttons rather than a drop-down whose arrow needs an icon font.
    "Menu": {
        "groups": [
            {"group": "blockType -lists"},
            {"group": "lists"},
            {"group": "nodes -blockType -lists"},
            {"group": "marks"},
            {"group": "link"},
            {"group": "history"},
            {"group": "utility"},
        ]
    },
}

# Articles also take pictures from the media library between paragraphs: the editor's
# figure (an image and an optional caption), whose "Browse…" opens the library's picker.
ARTICLE_BODY_EXTENSIONS = {
    **BODY_EXTENSIONS,
    "Image": True,
    "Caption": True,
    "Figure": {"pickerUrl": reverse_lazy("admin:articles_libraryimage_picker")},
}

TEXT_TAGS = {"p", "br", "h2", "h3", "strong", "em", "ul", "ol", "li", "blockquote", "a"}
FIGURE_TAGS = {"figure", "img", "figcaption"}

_cleaner = nh3.Cleaner(
    tags=TEXT_TAGS,
    attributes={"a": {"href", "title"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def media_prefixes():
    """Where our uploads are served from: MEDIA_URL, and the bucket's address on S3."""
    prefixes = [settings.MEDIA_URL]
    if getattr(settings, "MEDIA_STORAGE", "") == "s3":
        from newsroom.storage import s3_origin

        prefixes.append(f"{s3_origin(**settings.S3_MEDIA)}/")
    return prefixes


def is_our_media(url):
    """True for an address under our media, and not one that only starts like it."""
    if not url or "\\" in url or ".." in url:
        return False
    return any(
        url.startswith(prefix) and urljoin(prefix, url).startswith(prefix)
        for prefix in media_prefixes()
    )


def _figure_attributes(tag, attribute, value):
    if tag != "img":
        return value
    if attribute == "src":
        return value if is_our_media(value) else None
    if attribute == "data-file":
        return value if value.isdigit() else None
    if attribute in {"width", "height"}:
        return value if value.isdigit() else None
    return value  # alt


_figure_cleaner = nh3.Cleaner(
    tags=TEXT_TAGS | FIGURE_TAGS,
    attributes={
        "a": {"href", "title"},
        "img": {"src", "alt", "data-file", "width", "height"},
    },
    attribute_filter=_figure_attributes,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)

_FIGURE = re.compile(r"<figure>(.*?)</figure>", re.DOTALL)
_IMAGE = re.compile(r"<img [^>]*>")
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
_FIGURE_TAG = re.compile(r"</?(?:figure|figcaption)>|<img\b[^>]*>")


def _only_whole_figures(html):
    """A figure is exactly an image of ours and at most one caption after it. A figure
    without an image of ours goes, and so does any image or caption outside a figure."""
    figures = []

    def keep(match):
        image = next((tag for tag in _IMAGE.findall(match[1]) if ' src="' in tag), None)
        if image is None:
            return ""
        caption = _CAPTION.search(match[1])
        words = _FIGURE_TAG.sub("", caption[1]).strip() if caption else ""
        figures.append(
            f"<figure>{image}"
            + (f"<figcaption>{words}</figcaption>" if words else "")
            + "</figure>"
        )
        return f"\x00{len(figures) - 1}\x00"

    kept = _FIGURE_TAG.sub("", _FIGURE.sub(keep, html))
    return re.sub(r"\x00(\d+)\x00", lambda match: figures[int(match[1])], kept)


# What an editor is warned about when it was stripped: not every disallowed tag
# (a pasted <span> is harmless), only markup that could run or load something.
_UNSAFE = re.compile(
    r"<\s*(script|style|iframe|object|embed|form|svg|math)\b|\son\w+\s*=|javascript\s*:",
    re.IGNORECASE,
)


def sanitize_body(html):
    """Return ``html`` reduced to the elements an article body may contain."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    # The editor's empty document is "<p></p>": store it as empty.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


def sanitize_article_body(html):
    """``sanitize_body`` plus pictures between paragraphs: figures of our media only."""
    if not html:
        return ""
    cleaned = _only_whole_figures(_figure_cleaner.clean(html)).strip()
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


def contains_unsafe_markup(html):
    """Return True if ``html`` holds script-like markup that sanitising removes."""
    return bool(html and _UNSAFE.search(html))
