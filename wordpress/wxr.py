"""
Reading a WordPress export (WXR: RSS 2.0 with the ``wp:``, ``content:``, ``excerpt:`` and
``dc:`` namespaces) as a stream of small records, in bounded memory.

The file is parsed with ``defusedxml``'s iterparse: an export never declares entities,
and one that does (the "billion laughs") is refused rather than expanded. Each top-level
element of the channel is turned into a record when it ends and then dropped, so a
2 GB export takes no more memory than its largest post. Files in encodings the XML
parser does not know (WordPress sites configured for windows-1252, a common one) are
decoded here and handed to the parser as UTF-8.
"""

import codecs
import re
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

CHUNK = 64 * 1024
_DECLARATION = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])([A-Za-z0-9._-]+)\2""")


class ExportError(Exception):
    """The file cannot be read as a WordPress export; the message says why, for an editor."""


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_url: str = ""
    wxr_version: str = ""


@dataclass
class Author:
    wp_id: str
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass
class Term:
    taxonomy: str  # "category", "post_tag", or another taxonomy
    slug: str
    name: str
    parent: str  # the parent's slug, "" for none
    description: str = ""
    wp_id: str = ""


@dataclass
class Comment:
    wp_id: str
    author: str
    email: str
    url: str
    ip: str
    date: str
    date_gmt: str
    content: str
    approved: str
    type: str
    parent: str


@dataclass
class Item:
    wp_id: str
    type: str
    status: str
    title: str
    link: str
    slug: str
    content: str
    excerpt: str
    creator: str
    date: str
    date_gmt: str
    modified: str
    modified_gmt: str
    comment_status: str
    sticky: bool
    password: str
    parent: str
    attachment_url: str
    terms: list = field(default_factory=list)  # (domain, slug, name)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


@dataclass
class BadItem:
    """An element that is well-formed XML but not a usable item."""

    wp_id: str
    reason: str


_PREFIXES = (
    ("wordpress.org/export/", "/excerpt/", "excerpt"),
    ("wordpress.org/export/", "", "wp"),
    ("purl.org/rss/1.0/modules/content", "", "content"),
    ("purl.org/dc/elements", "", "dc"),
)
_names = {}


def local_name(tag):
    """``wp:post_id`` for ``{http://wordpress.org/export/1.2/}post_id``, whatever the WXR
    version's namespace address (1.0, 1.1, 1.2; http or https)."""
    name = _names.get(tag)
    if name is None:
        name = tag
        if tag.startswith("{"):
            namespace, _, local = tag[1:].partition("}")
            name = local
            for needle, also, prefix in _PREFIXES:
                if needle in namespace and also in namespace:
                    name = f"{prefix}:{local}"
                    break
        _names[tag] = name
    return name


def _texts(element):
    """First text of each child by name (empty string for none)."""
    found = {}
    for child in element:
        found.setdefault(local_name(child.tag), (child.text or "").strip("\r\n\t "))
    return found


def _content(element, name):
    # Bodies keep their leading and trailing spaces trimmed but inner ones as written.
    for child in element:
        if local_name(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _item(element):
    values = _texts(element)
    wp_id = values.get("wp:post_id", "")
    if not wp_id.isdigit():
        return BadItem(
            wp_id or "?", f"no usable post number (wp:post_id is “{wp_id[:40]}”), so skipped"
        )
    item = Item(
        wp_id=wp_id,
        type=values.get("wp:post_type", "post") or "post",
        status=values.get("wp:status", "publish"),
        title=values.get("title", ""),
        link=values.get("link", ""),
        slug=values.get("wp:post_name", ""),
        content=_content(element, "content:encoded"),
        excerpt=_content(element, "excerpt:encoded"),
        creator=values.get("dc:creator", ""),
        date=values.get("wp:post_date", ""),
        date_gmt=values.get("wp:post_date_gmt", ""),
        modified=values.get("wp:post_modified", ""),
        modified_gmt=values.get("wp:post_modified_gmt", ""),
        comment_status=values.get("wp:comment_status", "open"),
        sticky=values.get("wp:is_sticky", "0") == "1",
        password=values.get("wp:post_password", ""),
        parent=values.get("wp:post_parent", "0"),
        attachment_url=values.get("wp:attachment_url", ""),
    )
    for child in element:
        name = local_name(child.tag)
        if name == "category":
            item.terms.append(
                (child.get("domain", "category"), child.get("nicename", ""), child.text or "")
            )
        elif name == "wp:postmeta":
            meta = _texts(child)
            item.meta.setdefault(meta.get("wp:meta_key", ""), meta.get("wp:meta_value", ""))
        elif name == "wp:comment":
            c = _texts(child)
            item.comments.append(
                Comment(
                    wp_id=c.get("wp:comment_id", ""),
                    author=c.get("wp:comment_author", ""),
                    email=c.get("wp:comment_author_email", ""),
                    url=c.get("wp:comment_author_url", ""),
                    ip=c.get("wp:comment_author_IP", ""),
                    date=c.get("wp:comment_date", ""),
                    date_gmt=c.get("wp:comment_date_gmt", ""),
                    content=_content(child, "wp:comment_content"),
                    approved=c.get("wp:comment_approved", "1"),
                    type=c.get("wp:comment_type", ""),
                    parent=c.get("wp:comment_parent", "0"),
                )
            )
    return item


def _record(element, site):
    name = local_name(element.tag)
    if name == "item":
        return _item(element)
    values = _texts(element)
    if name == "wp:author":
        return Author(
            wp_id=values.get("wp:author_id", ""),
            login=values.get("wp:author_login", ""),
            email=values.get("wp:author_email", ""),
            display_name=values.get("wp:author_display_name", ""),
            first_name=values.get("wp:author_first_name", ""),
            last_name=values.get("wp:author_last_name", ""),
        )
    if name == "wp:category":
        return Term(
            "category",
            values.get("wp:category_nicename", ""),
            values.get("wp:cat_name", ""),
            values.get("wp:category_parent", ""),
            values.get("wp:category_description", ""),
            values.get("wp:term_id", ""),
        )
    if name == "wp:tag":
        return Term(
            "post_tag",
            values.get("wp:tag_slug", ""),
            values.get("wp:tag_name", ""),
            "",
            values.get("wp:tag_description", ""),
            values.get("wp:term_id", ""),
        )
    if name == "wp:term":
        return Term(
            values.get("wp:term_taxonomy", ""),
            values.get("wp:term_slug", ""),
            values.get("wp:term_name", ""),
            values.get("wp:term_parent", ""),
            values.get("wp:term_description", ""),
            values.get("wp:term_id", ""),
        )
    text = (element.text or "").strip()
    if name == "title":
        site.title = text
    elif name == "link":
        site.link = text
    elif name == "wp:base_blog_url":
        site.base_url = text
    elif name == "wp:wxr_version":
        site.wxr_version = text
    return None


class _Utf8Stream:
    """The file's bytes decoded from ``encoding`` and handed on as UTF-8, its XML
    declaration saying so; remembers how far it got, for error messages."""

    def __init__(self, raw, encoding):
        self.raw = raw
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.started = False
        self.at_end = False
        self.bytes_read = 0
        self.lines_read = 1

    def read(self, size=CHUNK):
        data = self.raw.read(CHUNK)
        self.bytes_read += len(data)
        self.at_end = not data
        try:
            text = self.decoder.decode(data, final=self.at_end)
        except UnicodeDecodeError as error:
            line = self.lines_read + error.object[: error.start].count(b"\n")
            raise ExportError(
                f"The file is not valid {self.encoding} text near line {line}: it was probably "
                f"saved in another encoding. If you know which (often cp1252 for older "
                f"WordPress sites), run the import again with --encoding=cp1252."
            ) from error
        self.lines_read += text.count("\n")
        out = text.encode("utf-8")
        if not self.started:
            self.started = True
            out = out.lstrip(codecs.BOM_UTF8.decode().encode())
            out = _DECLARATION.sub(rb"\1\2UTF-8\2", out, count=1)
        return out


def declared_encoding(head):
    """The encoding a file's first bytes declare (BOM first, then the XML declaration)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    match = _DECLARATION.match(head)
    return match.group(3).decode("ascii") if match else "utf-8"


def read_export(path, *, encoding=None):
    """Yield the export's records in file order: ``Site`` once the channel's header is read
    (then again, complete, at the end), ``Author``, ``Term``, ``Item`` and ``BadItem``.

    Raises ExportError with a message for an editor if the file is not a readable export.
    """
    try:
        raw = open(path, "rb")  # closed in the finally below
    except OSError as error:
        raise ExportError(f"Cannot open {path}: {error.strerror}.") from error
    try:
        head = raw.read(200)
        raw.seek(0)
        if not head.strip():
            raise ExportError("The file is empty. Export again from WordPress.")
        if head.startswith((b"PK\x03\x04", b"\x1f\x8b")):
            raise ExportError(
                "This is a compressed file (zip or gzip): unpack it and import the .xml inside."
            )
        encoding = encoding or declared_encoding(head)
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise ExportError(
                f"The file says it is written in “{encoding}”, an encoding Python does not "
                f"know. Run the import again with --encoding=… naming the right one."
            ) from error
        stream = _Utf8Stream(raw, encoding)
        yield from _records(stream)
    finally:
        raw.close()


def _records(stream):
    site = Site()
    depth = 0
    channel = None
    seen_channel = False
    header_sent = False
    try:
        for event, element in iterparse(
            stream, events=("start", "end"), forbid_dtd=False, forbid_entities=True
        ):
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise ExportError(
                        f"This is not a WordPress export: it is an XML file whose root is "
                        f"<{local_name(element.tag)}>, not <rss>. In WordPress, use Tools → "
                        f"Export and choose “All content”."
                    )
                if depth == 2 and element.tag == "channel":
                    channel, seen_channel = element, True
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            record = _record(element, site)
            channel.remove(element)  # done with it: memory stays bounded
            if record is None:
                continue
            if not header_sent:
                header_sent = True
                yield site
            yield record
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        if stream.at_end:
            raise ExportError(
                f"The file ends in the middle of the export (line {line}): it was probably cut "
                f"off while downloading or copying. Export it again from WordPress. Nothing "
                f"was imported."
            ) from error
        reason = str(error).split(":")[0]
        raise ExportError(
            f"The file is not well-formed XML at line {line}, column {column} ({reason}). "
            f"A plugin or a hand edit may have damaged it; export it again from WordPress. "
            f"Nothing was imported."
        ) from error
    except DefusedXmlException as error:
        raise ExportError(
            "The file declares XML entities, which a WordPress export never does; it was "
            "refused for safety. Nothing was imported."
        ) from error
    if not seen_channel:
        raise ExportError("This is not a WordPress export: it has no <channel>.")
    yield site
