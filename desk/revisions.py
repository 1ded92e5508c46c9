"""Revisions of articles, kept by django-reversion: what one holds, how two compare and
how one is restored.

Every save of an article is one reversion ``Revision`` holding the article's version and
a ``RevisionNote`` (the desk step, a note, the tags and the fields that changed). The
admin records its saves inside ``record()``; any other save (an admin action, a script,
the demo loader) gets a revision of its own from the post_save receiver below.
"""

import difflib
import html
import re
from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from reversion.models import Version

from articles.models import Article, Author, Category, Source

from .models import RevisionNote

# Kept out of revisions: derived or maintained elsewhere.
EXCLUDE = ("search_document", "approved_comment_count", "image_width", "image_height")

# (field, label) in the order a comparison shows them.
FIELDS = (
    ("headline", "Headline"),
    ("standfirst", "Standfirst"),
    ("body", "Body text"),
    ("image", "Image"),
    ("image_alt", "Alt text"),
    ("image_caption", "Caption"),
    ("image_credit", "Credit"),
    ("authors", "Authors"),
    ("byline", "Byline"),
    ("source", "Source"),
    ("categories", "Categories"),
    ("tags", "Tags"),
    ("slug", "Slug"),
    ("status", "Status"),
    ("published_at", "Publication time"),
    ("is_featured", "Lead story"),
    ("allow_comments", "Comments allowed"),
)
LABELS = dict(FIELDS)
# What a restore brings back: the content, never the publication state.
RESTORED_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "byline",
    "source",
    "slug",
    "allow_comments",
)


def register():
    reversion.register(Article, exclude=EXCLUDE)
    post_save.connect(_saved_outside_admin, sender=Article, dispatch_uid="desk-revision")


def _saved_outside_admin(sender, instance, raw=False, **kwargs):
    if raw or reversion.is_active():
        return
    with record(instance, user=getattr(instance, "last_edited_by", None)):
        reversion.add_to_revision(instance)


@contextmanager
def record(article, *, user, kind="edited", note="", restored_from=None):
    """One revision of ``article``: save it (and its relations) inside the block."""
    with reversion.create_revision():
        if user is not None and user.pk:
            reversion.set_user(user)
        yield
        if article.pk:
            note_for(article, kind=kind, note=note, restored_from=restored_from)


def note_for(article, *, kind="edited", note="", restored_from=None):
    """Attach the desk's note to the revision being recorded (call at the end of the block,
    once the article's relations are saved)."""
    state = raw_state(article)
    previous = latest_version(article)
    before = version_state(previous) if previous else {}
    changed = [name for name, _ in FIELDS if before.get(name) != state.get(name)]
    if kind != RevisionNote.Kind.EDITED:
        comment = RevisionNote.Kind(kind).label
    elif not previous:
        comment = "Created."
    elif changed:
        comment = "Changed " + ", ".join(LABELS[name].lower() for name in changed) + "."
    else:
        comment = "Saved without changes."
    reversion.set_comment(comment)
    reversion.add_meta(
        RevisionNote,
        article=article,
        kind=kind,
        note=note,
        tags=state["tags"],
        changed_fields=changed,
        restored_from=restored_from,
    )


def versions_of(article):
    """The article's versions, newest first, with who made them and the desk's note."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user", "revision__desk_note")
        .order_by("-pk")
    )


def who(user):
    """A user as the desk names them."""
    if user is None:
        return "(the system)"
    return user.get_full_name() or user.get_username()


def latest_version(article):
    return Version.objects.get_for_object(article).order_by("-pk").first()


def latest_version_id(article):
    version = latest_version(article) if article.pk else None
    return version.pk if version else 0


# Raw states: comparable values (ids, sorted lists) of one version or of the article now.


def tag_key(names):
    return sorted({name.casefold(): name for name in names}.values(), key=str.casefold)


def raw_state(article):
    """The article as stored now, in the form ``version_state`` gives a version."""
    state = {name: getattr(article, name) for name, _ in FIELDS if name not in _RELATIONS}
    state["image"] = article.image.name or ""
    state["source"] = article.source_id
    state["categories"] = sorted(article.categories.values_list("pk", flat=True))
    state["authors"] = sorted(article.authors.values_list("pk", flat=True))
    state["tags"] = tag_key(article.tags.names())
    return state


_RELATIONS = ("image", "source", "categories", "authors", "tags")


def version_state(version):
    data = version.field_dict
    state = {name: data.get(name) for name, _ in FIELDS if name not in _RELATIONS}
    state["image"] = data.get("image") or ""
    if hasattr(state["image"], "name"):
        state["image"] = state["image"].name or ""
    state["source"] = data.get("source_id")
    state["categories"] = sorted(data.get("categories") or [])
    state["authors"] = sorted(data.get("authors") or [])
    note = getattr(version.revision, "desk_note", None)
    state["tags"] = tag_key(note.tags if note else [])
    return state


# Comparing two states.


def body_text(body_html):
    """The body as readable lines: a paragraph a line, subheadings marked."""
    text = body_html or ""
    text = re.sub(r"<h([23])[^>]*>", lambda m: "\n" + "#" * int(m.group(1)) + " ", text)
    text = re.sub(r"<li[^>]*>", "\n• ", text)
    text = re.sub(r"</(p|h2|h3|li|blockquote)>|<br\s*/?>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


BREAK = SafeString("<br>")


def _html(tokens, tag=""):
    """Escaped words, line breaks as <br>, optionally wrapped in <del> or <ins>."""
    inner = format_html_join("", "{}", ((BREAK if word == "\n" else word,) for word in tokens))
    if not tag or not tokens:
        return inner
    return (
        format_html("<del>{}</del>", inner) if tag == "del" else format_html("<ins>{}</ins>", inner)
    )


def _word_diff(old, new):
    """Two HTML strings: ``old`` with removed words in <del>, ``new`` with added in <ins>."""
    old_words = re.findall(r"\n|[^\S\n]+|[^\s]+", old)
    new_words = re.findall(r"\n|[^\S\n]+|[^\s]+", new)
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        equal = op == "equal"
        left.append(_html(old_words[a1:a2], "" if equal else "del"))
        right.append(_html(new_words[b1:b2], "" if equal else "ins"))
    return _html(left), _html(right)


@dataclass
class Row:
    name: str
    label: str
    changed: bool
    old: str
    new: str


class Names:
    """Display names for the ids in a set of states, loaded in one query per model."""

    def __init__(self, *states):
        def ids(key):
            found = set()
            for state in states:
                value = state.get(key)
                found.update(value if isinstance(value, list) else [value] if value else [])
            return found

        self.categories = Category.objects.select_related("parent").in_bulk(ids("categories"))
        self.authors = Author.objects.in_bulk(ids("authors"))
        self.sources = Source.objects.in_bulk(ids("source"))

    def show(self, name, value):
        if name == "categories":
            return ", ".join(str(self.categories.get(pk, f"(deleted #{pk})")) for pk in value)
        if name == "authors":
            return ", ".join(str(self.authors.get(pk, f"(deleted #{pk})")) for pk in value)
        if name == "source":
            return str(self.sources.get(value, "")) if value else ""
        if name == "tags":
            return ", ".join(value)
        if name == "status":
            return Article.Status(value).label if value else ""
        if name == "published_at":
            return f"{timezone.localtime(value):%d %b %Y %H:%M}" if value else ""
        if name in ("is_featured", "allow_comments"):
            return "Yes" if value else "No"
        if name == "body":
            return body_text(value)
        return "" if value is None else str(value)


def image_html(name):
    if not name:
        return ""
    if not default_storage.exists(name):
        return format_html("{} <em>(the file is no longer stored)</em>", name)
    return format_html(
        '<img class="desk-image" src="{}" alt="The image of this revision">',
        default_storage.url(name),
    )


def compare(old_state, new_state, *, only_changed=False):
    """Rows of a side-by-side comparison, differences highlighted."""
    names = Names(old_state, new_state)
    rows = []
    for name, label in FIELDS:
        old_value, new_value = old_state.get(name), new_state.get(name)
        changed = old_value != new_value
        if only_changed and not changed:
            continue
        if name == "image":
            old_html, new_html = image_html(old_value), image_html(new_value)
        else:
            old_text, new_text = names.show(name, old_value), names.show(name, new_value)
            if changed:
                old_html, new_html = _word_diff(old_text, new_text)
            else:
                old_html = new_html = _html(re.findall(r"\n|[^\n]+", old_text))
        rows.append(Row(name, label, changed, old_html, new_html))
    return rows


# Restoring.


def restore(article, version, *, user):
    """Bring back ``version``'s content as a new revision; status, publication time and
    lead-story flag stay as they are, so a restore never publishes or unpublishes."""
    state = version_state(version)
    skipped = []
    with (
        transaction.atomic(),
        record(article, user=user, kind="restored", restored_from=version.revision),
    ):
        for name in RESTORED_FIELDS:
            if name == "image":
                if state["image"] and not default_storage.exists(state["image"]):
                    skipped.append("image")
                    continue
                article.image = state["image"]
            elif name == "source":
                article.source_id = (
                    state["source"] if Source.objects.filter(pk=state["source"]).exists() else None
                )
            else:
                setattr(article, name, state[name])
        article.last_edited_by = user
        article.save()
        article.categories.set(Category.objects.filter(pk__in=state["categories"]))
        article.authors.set(Author.objects.filter(pk__in=state["authors"]))
        article.tags.set(state["tags"])
    return skipped
