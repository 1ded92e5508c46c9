"""
The signed link that lets commenters edit (for AUTHOR_EDIT_MINUTES) or delete their own
comment, with no account: whoever holds the link is its author. The article page shows it
beside the comments in their own-comment cookie (comments/display.py).
"""

from django.core import signing
from django.urls import reverse

from newsroom.converters import parse_id

SALT = "comments.own-link"


def own_link(comment):
    """The address of the page where the author edits or deletes ``comment``."""
    return reverse("comments:own", args=[signing.dumps(comment.pk, salt=SALT)])


def comment_id_from(token):
    """The comment id the link was made for, or None if it is forged or damaged."""
    try:
        return parse_id(str(signing.loads(token, salt=SALT)))
    except signing.BadSignature:
        return None
