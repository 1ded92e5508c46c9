"""The Spanish catalogue is complete, its committed .mo is current, and the public
templates mark every visible word for translation (make messages updates both files)."""

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType

LOCALE = settings.BASE_DIR / "locale"
PO = LOCALE / "es" / "LC_MESSAGES" / "django.po"
TEMPLATES = settings.BASE_DIR / "templates"
# Staff pages: Django's admin translates its own words; ours there are for editors.
NOT_PUBLIC = {"admin"}
NOT_WORDS = {"RSS", "Atom"}  # names of feed formats, the same in every language


def catalogue(entries):
    """{(context, msgid, plural): translation(s)} of a .po or .mo file's entries."""
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
        for entry in entries
        if not entry.obsolete
    }


def test_every_message_has_a_spanish_translation():
    po = polib.pofile(str(PO))
    assert len(po) > 100
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    untranslated += [
        entry.msgid for entry in po if entry.msgid_plural and not all(entry.msgstr_plural.values())
    ]
    assert untranslated == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext: make messages")
def test_the_catalogue_holds_every_marked_string_and_no_other(tmp_path, settings):
    """A string marked in the code or templates but missing from the .po would stay in
    English on the Spanish site: run make messages, then translate the new entries."""
    apps = [path.parent.name for path in Path(settings.BASE_DIR).glob("*/apps.py")]
    for name in sorted({*apps, "templates"}):
        source = settings.BASE_DIR / name
        shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    here = os.getcwd()
    os.chdir(tmp_path)  # makemessages reads the current directory
    try:
        call_command("makemessages", locale=["es"], no_location=True, verbosity=0)
    finally:
        os.chdir(here)
    extracted = polib.pofile(str(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    assert catalogue(extracted).keys() == catalogue(polib.pofile(str(PO))).keys()


def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    """The site reads the .mo: it must say what the .po says (run make messages)."""
    fresh = tmp_path / "django.mo"
    polib.pofile(str(PO)).save_as_mofile(str(fresh))
    committed = catalogue(polib.mofile(str(PO.with_suffix(".mo"))))
    assert committed == catalogue(polib.mofile(str(fresh)))


def test_the_translations_keep_their_placeholders():
    """A missing or misspelt %(name)s would raise KeyError on a Spanish page."""
    placeholders = re.compile(r"%\(\w+\)[sd]|\{\{ *\w+ *\}\}")
    for entry in polib.pofile(str(PO)):
        wanted = set(placeholders.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for index, translation in enumerate(translations):
            found = set(placeholders.findall(translation))
            # A singular form may say "Un comentario" rather than "%(count)d comentario".
            assert found == wanted or (entry.msgid_plural and index == 0 and found < wanted), (
                entry.msgid
            )


class _VisibleText(HTMLParser):
    """Text nodes and the attributes people read or hear, of a template whose tags and
    variables were replaced by a blank."""

    SPOKEN = {"alt", "title", "placeholder", "aria-label", "value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.found.append(attrs.get("content") or "")
        self.found += [value or "" for name, value in attrs.items() if name in self.SPOKEN]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def untranslated_text(source):
    """English words in ``source`` outside {% translate %} and {% blocktranslate %}."""
    parts, inside = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in ("blocktranslate", "blocktrans"):
                inside += 1
            elif name in ("endblocktranslate", "endblocktrans"):
                inside -= 1
            parts.append(" ")
        elif token.token_type == TokenType.TEXT and not inside:
            parts.append(token.contents)
        else:
            parts.append(" ")
    reader = _VisibleText()
    reader.feed("".join(parts))
    words = re.findall(r"[A-Za-z][A-Za-z’']+", " ".join(reader.found))
    return [word for word in words if word not in NOT_WORDS]


def public_templates():
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).parts[0] not in NOT_PUBLIC
    )


@pytest.mark.parametrize(
    "path", public_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_public_templates_mark_every_word_for_translation(path):
    assert untranslated_text(path.read_text()) == []


def test_the_template_check_finds_english():
    source = (
        '{% load i18n %}<p title="Read more">{% translate "Fine" %} Hello</p>'
        "{% blocktranslate %}Also fine {{ x }}{% endblocktranslate %}<script>let a;</script>"
    )
    assert untranslated_text(source) == ["Read", "more", "Hello"]
