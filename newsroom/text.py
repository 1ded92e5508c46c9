"""Text hygiene shared by everything that stores what people type."""

import unicodedata

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
