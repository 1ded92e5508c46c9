"""The pre-publish checklist: what an article still lacks, or has that looks wrong,
before it goes on the site.

One module for every way into publication: the admin's form and its "Publish now"
action use it here, and an importer or the JSON API can call ``for_article()`` on an
article they are about to publish. Each check looks at plain values (``Draft``), so a
form that has not been saved yet (its categories are not in the database) is checked
exactly as a saved article is.

Which items stop publication and which are only warnings is the deployment's choice:
``PUBLISH_CHECKS_BLOCKING`` (newsroom/configuration.py) names the blocking ones. A
warning can be acknowledged by the editor; a blocking item cannot.
"""

import ipaddress
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

# Search engines show about 60 characters of a title before cutting it.
SEARCH_TITLE_CHARACTERS = 60


@dataclass(frozen=True)
class Draft:
    """The values the checks read, from a saved article or a form being filled in."""

    headline: str = ""
    seo_title: str = ""
    standfirst: str = ""
    body: str = ""
    has_image: bool = False
    image_alt: str = ""
    image_caption: str = ""
    image_credit: str = ""
    categories: tuple = ()
    authors: tuple = ()
    byline: str = ""
    source: object = None
    made_author: bool = False  # saving will make the editor the author (see ArticleAdmin)


@dataclass(frozen=True)
class Item:
    code: str  # the name used in PUBLISH_CHECKS_BLOCKING
    label: str  # what is checked, as the panel lists it
    passed: bool
    blocking: bool
    problem: str = ""  # what to fix, when it did not pass
    field: str | None = None  # the form field the problem belongs to


@dataclass
class Checklist:
    items: list = field(default_factory=list)

    @property
    def blocking(self):
        """Items that did not pass and stop publication."""
        return [item for item in self.items if not item.passed and item.blocking]

    @property
    def warnings(self):
        """Items that did not pass but may be acknowledged."""
        return [item for item in self.items if not item.passed and not item.blocking]

    @property
    def ready(self):
        return not self.blocking and not self.warnings


class _BodyReader(HTMLParser):
    """The body's link targets and the text of each subheading."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.headings = []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href.strip())
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = []

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag):
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None


def _is_local_host(host):
    host = (host or "").lower().rstrip(".")
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified


def broken_links(body):
    """Links readers cannot follow: to a development machine, or into the admin."""
    reader = _BodyReader()
    reader.feed(body or "")
    admin_prefix = reverse("admin:index")
    bad = []
    for href in reader.links:
        parts = urlsplit(href)
        if parts.scheme not in ("", "http", "https"):
            continue
        if _is_local_host(parts.hostname) or parts.path.startswith(admin_prefix):
            bad.append(href)
    return bad


def empty_headings(body):
    reader = _BodyReader()
    reader.feed(body or "")
    return sum(1 for text in reader.headings if not text)


def _quote(items):
    shown = ", ".join(f"“{item}”" for item in items[:3])
    return shown + (f" and {len(items) - 3} more" if len(items) > 3 else "")


def _checks(draft):
    """(code, label, passed, problem, field) for each check, in the panel's order."""
    title = draft.seo_title or draft.headline
    links = broken_links(draft.body)
    empty = empty_headings(draft.body)
    return [
        (
            "category",
            "At least one section",
            bool(draft.categories),
            "Choose at least one section under Categories.",
            "categories",
        ),
        (
            "byline",
            "An author, a byline or a source",
            bool(draft.authors or draft.byline or draft.source or draft.made_author),
            "Say who the story is by: choose an author, write a byline (wire copy) or "
            "choose the source.",
            "authors",
        ),
        (
            "standfirst",
            "A standfirst",
            bool(draft.standfirst.strip()),
            "Write a standfirst: lists, feeds and search engines show it as the summary.",
            "standfirst",
        ),
        (
            "image",
            "A featured image",
            draft.has_image,
            "There is no featured image: cards and shared links will show none.",
            "image",
        ),
        (
            "image_alt",
            "Image: alt text",
            not draft.has_image or bool(draft.image_alt.strip()),
            "Describe the image in Alt text for readers who cannot see it.",
            "image_alt",
        ),
        (
            "image_caption",
            "Image: caption",
            not draft.has_image or bool(draft.image_caption.strip()),
            "Write a caption saying what the picture shows.",
            "image_caption",
        ),
        (
            "image_credit",
            "Image: credit",
            not draft.has_image or bool(draft.image_credit.strip()),
            "Credit the image under Image credit (photographer and agency, e.g. “Ana Quispe "
            "/ Andina”).",
            "image_credit",
        ),
        (
            "headline_length",
            f"Title fits search results ({SEARCH_TITLE_CHARACTERS} characters)",
            len(title) <= SEARCH_TITLE_CHARACTERS,
            f"Search results cut titles after about {SEARCH_TITLE_CHARACTERS} characters and "
            f"this one has {len(title)}: shorten the headline or write a shorter search title.",
            "seo_title" if draft.seo_title else "headline",
        ),
        (
            "local_links",
            "No links to a test machine or the admin",
            not links,
            f"The body links to {_quote(links)}, which readers cannot open: link to the "
            "public address instead.",
            "body",
        ),
        (
            "empty_headings",
            "No empty subheadings",
            not empty,
            f"The body has {empty} empty subheading{'s' if empty != 1 else ''}: write "
            f"{'them' if empty != 1 else 'it'} or remove {'them' if empty != 1 else 'it'}.",
            "body",
        ),
    ]


# In the panel's order; PUBLISH_CHECKS_BLOCKING names these.
CODES = (
    "category",
    "byline",
    "standfirst",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "headline_length",
    "local_links",
    "empty_headings",
)


def run(draft, blocking=None):
    """The checklist for ``draft``; ``blocking`` defaults to the setting."""
    blocking = set(settings.PUBLISH_CHECKS_BLOCKING if blocking is None else blocking)
    return Checklist(
        [
            Item(
                code=code,
                label=label,
                passed=passed,
                blocking=code in blocking,
                problem="" if passed else problem,
                field=field_name,
            )
            for code, label, passed, problem, field_name in _checks(draft)
            # Without an image its alt text, caption and credit are not things to tick.
            if draft.has_image or not code.startswith("image_")
        ]
    )


def for_article(article, blocking=None):
    """The checklist of a saved article (its categories and authors as stored)."""
    return run(
        Draft(
            headline=article.headline,
            seo_title=article.seo_title,
            standfirst=article.standfirst,
            body=article.body,
            has_image=bool(article.image),
            image_alt=article.image_alt,
            image_caption=article.image_caption,
            image_credit=article.image_credit,
            categories=tuple(article.categories.all()) if article.pk else (),
            authors=tuple(article.authors.all()) if article.pk else (),
            byline=article.byline,
            source=article.source_id,
        ),
        blocking,
    )


def for_form(cleaned, article, made_author=False, blocking=None):
    """The checklist of an admin form's cleaned data; fields the form lacks (read-only
    for this user, or invalid) are taken from the article as stored."""

    def value(name, default=""):
        if name in cleaned:
            return cleaned[name] if cleaned[name] is not None else default
        if name in ("categories", "authors"):
            return tuple(getattr(article, name).all()) if article.pk else ()
        return getattr(article, name, default)

    image = value("image", None)
    return run(
        Draft(
            headline=value("headline"),
            seo_title=value("seo_title"),
            standfirst=value("standfirst"),
            body=value("body"),
            # False when the editor ticked "Clear"; an upload or the stored file otherwise.
            has_image=bool(image),
            image_alt=value("image_alt"),
            image_caption=value("image_caption"),
            image_credit=value("image_credit"),
            categories=tuple(value("categories", ())),
            authors=tuple(value("authors", ())),
            byline=value("byline"),
            source=value("source", None),
            made_author=made_author,
        ),
        blocking,
    )
