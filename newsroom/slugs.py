"""
The one slug rule for every web address we make from a name (articles, categories,
tags, sources, authors).

A slug reads like the name: every run of spaces and punctuation becomes one hyphen,
so "Coca/Cocaine" is ``coca-cocaine`` and "Law & Justice" is ``law-justice``.
Accents on Latin letters are dropped ("Perú" → ``peru``, "São Paulo" → ``sao-paulo``,
"Côte d'Ivoire" → ``cote-d-ivoire``), as WordPress and most Latin American news sites
do: the address survives being typed without accents, pasted into an email or a log
without percent-encoding, and one name gives one address whether the keyboard sent
"ú" as one character or as "u" plus a combining accent. Letters of other scripts are
kept (a Cyrillic or Greek name never becomes an empty slug), so the URLs accept any
Unicode word character (``UnicodeSlugConverter``).

The rule is lower case and idempotent: ``slug_for(slug_for(x)) == slug_for(x)``, so
"Ñuñoa" and "ñuñoa" are one tag on every database.
"""

import re
import unicodedata

# Latin letters that have no decomposition into a base letter plus an accent.
_LATIN_EXTRA = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_SEPARATORS = re.compile(r"[\W_]+")


def slug_for(text, *, max_length=None):
    """The slug for ``text`` under the project's one rule ("" if it has no letters)."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold().translate(_LATIN_EXTRA))
    kept = []
    for ch in decomposed:
        # An accent on an ASCII letter goes; marks that other scripts need stay.
        if unicodedata.combining(ch) and kept and kept[-1].isascii():
            continue
        kept.append(ch)
    slug = _SEPARATORS.sub("-", unicodedata.normalize("NFKC", "".join(kept))).strip("-")
    if max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def unique_slug(model, text, *, max_length, exclude_pk=None, fallback="untitled"):
    """``slug_for(text)``, with -2, -3, … added until no other ``model`` row has it."""
    base = slug_for(text, max_length=max_length - 4) or fallback
    slug, n = base, 1
    others = model._default_manager.exclude(pk=exclude_pk)
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class UnicodeSlugConverter:
    """``<uslug:…>``: a slug under the rule above, in any script."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
