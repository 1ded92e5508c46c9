"""
Tags follow the project's slug rule (newsroom/slugs.py), and a tag *is* its slug.

taggit matches tag names with ``name__iexact``, which SQLite folds for ASCII only:
"Ñuñoa" and "ñuñoa" became two tags. Here a typed name is matched by its slug, which
is lower case and accent-free on every database, so "Ñuñoa", "ñuñoa" and "Nunoa" are
one tag (the first spelling used is the one shown).
"""

from taggit.managers import _TaggableManager
from taggit.models import Tag

from newsroom.slugs import slug_for, unique_slug
from newsroom.text import strip_controls

SLUG_LENGTH = Tag._meta.get_field("slug").max_length


class ArticleTagManager(_TaggableManager):
    """``article.tags``: finds or creates tags by slug (taggit docs, "Custom tagging")."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        # Names as they are stored (no control characters), so "Lima\x0b" finds "Lima".
        tags = [strip_controls(tag) if isinstance(tag, str) else tag for tag in tags]
        manager = self.through.tag_model()._default_manager
        slugs = {tag: slug_for(tag, max_length=SLUG_LENGTH) for tag in tags if isinstance(tag, str)}
        known = {tag.slug: tag for tag in manager.filter(slug__in=set(slugs.values()) - {""})}
        result = []
        for tag in tags:
            if isinstance(tag, str):
                name, slug = " ".join(tag.split()), slugs[tag]
                if not name:
                    continue
                if not slug:  # no letters at all: matched by name, slugged by the fallback
                    tag = manager.filter(name=name).first() or manager.create(name=name)
                elif slug in known:
                    tag = known[slug]
                else:
                    tag = known[slug] = manager.get_or_create(slug=slug, defaults={"name": name})[0]
            if tag not in result:
                result.append(tag)
        return result


def slug_new_tag(sender, instance, **kwargs):
    """pre_save for taggit's Tag: a new tag (admin or code) gets its slug by our rule."""
    if not instance._state.adding:
        return
    typed = instance.slug and instance.slug != instance.slugify(instance.name)
    text = instance.slug if typed else instance.name
    candidate = slug_for(text, max_length=SLUG_LENGTH)
    if candidate and not Tag.objects.filter(slug=candidate).exists():
        instance.slug = candidate
    else:
        instance.slug = unique_slug(Tag, text, max_length=SLUG_LENGTH, fallback="tag")


def edit_string(tags):
    """The tags box's text: names as written, comma-separated, quoted only when a name
    holds a comma (taggit quotes every name with a space: “"Shining Path", VRAEM”).
    One name with a space ends in a comma, which keeps it one tag when read back."""
    names = sorted((tag.name for tag in tags), key=str.casefold)
    text = ", ".join(f'"{name}"' if "," in name else name for name in names)
    return text + "," if len(names) == 1 and " " in names[0] else text
