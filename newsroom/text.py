"""Text hygiene shared by everything that stores what people type."""

import unicodedata

from django.db import models

# Joiners and direction marks are format characters that real scripts need.
_KEEP = set("\u200c\u200d\u200e\u200f")


def strip_controls(text, *, keep_newlines=False):
    """Remove control and format characters, which break feeds, emails and layouts.

    Line breaks become "\\n" and survive only if ``keep_newlines``.
    """
    keep = _KEEP | {"\n"} if keep_newlines else _KEEP
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in keep or unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}
    )


def clean_text_value(field, value):
    """``value`` as the model ``field`` stores it: no control characters in text fields.
    Multi-line text fields keep their line breaks; one-line fields lose them too."""
    if isinstance(field, (models.CharField, models.TextField)) and isinstance(value, str):
        return strip_controls(value, keep_newlines=isinstance(field, models.TextField))
    return value


def strip_controls_before_save(sender, instance, raw=False, **kwargs):
    """``pre_save`` receiver: no text field of ``instance`` is stored with control characters.

    Apps connect it for their models (and the third-party ones they store, such as
    taggit's Tag). Forms that check uniqueness clean first (see newsroom/admin.py).
    """
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        setattr(instance, field.attname, clean_text_value(field, value))
