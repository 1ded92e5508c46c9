"""
A WordPress post's text made into an article body.

WordPress stores classic-editor posts without ``<p>``: a blank line is a new paragraph
and a single line break a ``<br>``, and ``wpautop`` adds the tags when a page is shown.
``autop`` below does the same here, once. Block-editor posts already carry their tags
(and ``<!-- wp:… -->`` comments, which the sanitiser drops). Shortcodes are WordPress
macros in square brackets: ``[caption]`` becomes a figure with its caption; the others
have no meaning here and are removed (their inner text kept), counted for the report.
The result then goes through the article body's one HTML policy (``articles/sanitize``)
when the article is saved.
"""

import html
import re
from collections import Counter

from articles.sanitize import sanitize_article_body

# Elements wpautop never wraps in a paragraph (WordPress's $allblocks, trimmed).
_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    "map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|"
    "aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio"
)
_BLOCK_TAG = re.compile(rf"(<(?:{_BLOCKS})[\s/>])", re.IGNORECASE)
_BLOCK_END = re.compile(rf"(</(?:{_BLOCKS})>)", re.IGNORECASE)
_STARTS_BLOCK = re.compile(rf"^</?(?:{_BLOCKS})[\s/>]", re.IGNORECASE)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)

# [name attrs]…[/name] or [name attrs] or [name attrs /]; [[escaped]] is left alone.
_SHORTCODE = re.compile(
    r"\[(?P<open>\[?)(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)\s*(?P<self>/?)\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?(?P<close>\]?)",
    re.DOTALL,
)
# WordPress's own shortcodes, removed even without attributes; any other [word] (an
# editor's "[sic]", a footnote "[1]") stays text unless it has name="value" attributes
# or an end tag.
_CORE = {"caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed"}
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_IMG = re.compile(r"<img\s[^>]*>", re.IGNORECASE)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")
_HTML_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def autop(text):
    """WordPress's wpautop: paragraphs and line breaks from blank lines and newlines."""
    if not text.strip():
        return ""
    # Pre-formatted blocks keep their line breaks untouched.
    kept = []

    def hold(match):
        kept.append(match.group(0))
        return f"\x00pre{len(kept) - 1}\x00"

    text = _PRE.sub(hold, text.replace("\r\n", "\n").replace("\r", "\n"))
    # Block elements stand apart, as if surrounded by blank lines.
    text = _BLOCK_TAG.sub(r"\n\n\1", text)
    text = _BLOCK_END.sub(r"\1\n\n", text)
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_BLOCK.match(chunk) or chunk.startswith("\x00pre"):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    text = "\n".join(out)
    for n, block in enumerate(kept):
        text = text.replace(f"\x00pre{n}\x00", block)
    return text


# Markup the editor does not offer, turned into the nearest it does before the rules
# would strip the tags and leave loose text: headings to the two levels we have, each
# table row to a paragraph with its cells separated, pre-formatted lines to line breaks.
_RETAGGED = [
    (re.compile(r"<(/?)h1\b[^>]*>", re.IGNORECASE), r"<\1h2>"),
    (re.compile(r"<(/?)h[4-6]\b[^>]*>", re.IGNORECASE), r"<\1h3>"),
    (re.compile(r"</t[dh]>\s*(?=<t[dh]\b)", re.IGNORECASE), " · "),
    (re.compile(r"<tr\b[^>]*>", re.IGNORECASE), "<p>"),
    (re.compile(r"</tr>", re.IGNORECASE), "</p>"),
    (
        re.compile(
            r"</?(?:table|thead|tbody|tfoot|caption|colgroup|col|t[dh])\b[^>]*>", re.IGNORECASE
        ),
        "",
    ),
    (
        re.compile(
            r"</?(?:div|section|article|header|footer|aside|dl|address|center)\b[^>]*>",
            re.IGNORECASE,
        ),
        "\n\n",
    ),
    (re.compile(r"<(/?)d[td]\b[^>]*>", re.IGNORECASE), r"<\1p>"),
]


def nearest_allowed(text):
    text = _PRE.sub(
        lambda m: (
            "<p>" + re.sub(r"</?pre[^>]*>", "", m.group(0)).strip().replace("\n", "<br>") + "</p>"
        ),
        text,
    )
    for pattern, replacement in _RETAGGED:
        text = pattern.sub(replacement, text)
    return text


def shortcode_attrs(text):
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR.finditer(text)
    }


def html_attrs(tag):
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or "")
        for m in _HTML_ATTR.finditer(tag)
    }


class BodyConverter:
    """Converts one post's text; ``image_for(src)`` returns the local address of an image
    or None when its file is not available (the image is then left out and counted)."""

    def __init__(self, image_for, *, sanitize=sanitize_article_body):
        self.image_for = image_for
        self.sanitize = sanitize
        self.removed_shortcodes = Counter()
        self.missing_images = []

    def convert(self, text):
        """The article body for ``text``, under the editor's rules."""
        text = self._shortcodes(text)
        text = _IMG.sub(self._image, text)
        text = nearest_allowed(text)
        # What the rules removed whole (a script) leaves no empty paragraph behind.
        return _EMPTY_PARAGRAPH.sub("", self.sanitize(autop(text)))

    def _shortcodes(self, text):
        def replace(match):
            if match.group("open") and match.group("close"):
                return match.group(0)[1:-1]  # [[name]] is WordPress's way to write [name]
            name = match.group("name").lower()
            attrs, inner = match.group("attrs"), match.group("inner")
            if name not in _CORE and "=" not in attrs and inner is None:
                return match.group(0)  # ordinary bracketed text: "[sic]", "[simple boat]"
            if name in ("caption", "wp_caption"):
                return self._caption(shortcode_attrs(attrs), inner or "")
            self.removed_shortcodes[name] += 1
            return match.group("open") + self._shortcodes(inner or "") + match.group("close")

        return _SHORTCODE.sub(replace, text)

    def _caption(self, attrs, inner):
        images = _IMG.findall(inner)
        caption = attrs.get("caption") or _IMG.sub("", re.sub(r"</?a\b[^>]*>", "", inner))
        caption = caption.strip()
        if not images:
            return f"<p>{caption}</p>" if caption else ""
        picture = self._image_tag(images[0])
        if not picture:
            return f"<p>{caption}</p>" if caption else ""
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure>{picture}{figcaption}</figure>"

    def _image(self, match):
        return self._image_tag(match.group(0))

    def _image_tag(self, tag):
        if tag.startswith("<img data-imported"):
            return tag  # made by _caption already
        attrs = html_attrs(tag)
        src = attrs.get("src", "")
        local = self.image_for(src) if src else None
        if not local:
            self.missing_images.append(src or "(an image without an address)")
            return ""
        alt = html.escape(attrs.get("alt", ""))
        size = "".join(
            f' {name}="{int(attrs[name])}"'
            for name in ("width", "height")
            if attrs.get(name, "").isdigit()
        )
        return f'<img data-imported src="{html.escape(local)}" alt="{alt}"{size}>'


def plain_text(markup, *, limit=None):
    """Text without tags or entities, spaces folded: for standfirsts and comments."""
    text = re.sub(r"<br\s*/?>|</p>", "\n", markup, flags=re.IGNORECASE)
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(line for line in lines if line) if limit is None else " ".join(lines)
    text = text.strip()
    if limit and len(text) > limit:
        cut = text[: limit - 1]
        if text[limit - 1] != " ":
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip() + "…"
    return text
