"""Bring existing tags under the one slug rule (newsroom/slugs.py, frozen here).

Tags whose names give the same slug ("Ñuñoa" and "ñuñoa", two tags on SQLite) become
one, keeping the oldest. Only slugs that never had a working address (non-ASCII ones,
which ``<slug:…>`` rejected with a 500) are rewritten; working addresses stay as
they are. The archive redirects an accented address to its new form.
"""

import re
import unicodedata

from django.db import migrations

_LATIN_EXTRA = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


def slug_for(text):
    decomposed = unicodedata.normalize("NFKD", str(text).casefold().translate(_LATIN_EXTRA))
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch) and kept and kept[-1].isascii():
            continue
        kept.append(ch)
    slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", "".join(kept))).strip("-")
    return slug[:96].rstrip("-")


def forwards(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    groups = {}
    for tag in Tag.objects.order_by("pk"):
        groups.setdefault(slug_for(tag.name) or f"tag-{tag.pk}", []).append(tag)
    for slug, (keep, *duplicates) in groups.items():
        for duplicate in duplicates:
            tagged = TaggedArticle.objects.filter(tag=keep).values("content_object_id")
            TaggedArticle.objects.filter(tag=duplicate, content_object_id__in=tagged).delete()
            TaggedArticle.objects.filter(tag=duplicate).update(tag=keep)
            duplicate.delete()
        if _ASCII_SLUG.match(keep.slug):
            continue
        new, n = slug, 1
        while Tag.objects.filter(slug=new).exclude(pk=keep.pk).exists():
            n += 1
            new = f"{slug}-{n}"
        keep.slug = new
        keep.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_unicode_slugs")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
