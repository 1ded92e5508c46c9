"""
The one HTML policy for article bodies.

The admin editor (django-prose-editor) offers exactly these elements; anything
else that reaches the database, by form, import or plain ``save()``, is cut
down to them by nh3. Scripts, event handlers, styles and ``javascript:`` URLs
cannot survive.
"""

import re

import nh3

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
    # Pictures with captions inside the text (a WordPress import's [caption]s).
    "Figure": True,
    "Image": True,
    "Caption": True,
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

_cleaner = nh3.Cleaner(
    tags={
        *("p", "br", "h2", "h3", "strong", "em", "ul", "ol", "li", "blockquote", "a"),
        *("figure", "figcaption", "img"),
    },
    attributes={"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)

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


def contains_unsafe_markup(html):
    """Return True if ``html`` holds script-like markup that sanitising removes."""
    return bool(html and _UNSAFE.search(html))
