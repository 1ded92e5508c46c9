"""
Keyset ("cursor") pagination: each page starts after the last row of the one before.

A page is ``LIMIT n`` on an index in a fixed order, whatever its depth: ``OFFSET 99980``
would read and throw away a hundred thousand rows. The cursor holds the last row's
ordering values (for articles, ``published_at`` and ``id``) and is opaque to clients:
base64 of JSON, so it can change shape without breaking anyone who treats it as a token.
"""

import base64
import binascii
import json

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from ninja.errors import HttpError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def encode(values):
    text = json.dumps(
        [value.isoformat() if hasattr(value, "isoformat") else value for value in values]
    )
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor, fields):
    """The ordering values in ``cursor``, typed by the model fields they belong to."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        # Every ordering column is NOT NULL: a null would match nothing, and Django
        # refuses it as a filter value.
        if not isinstance(raw, list) or len(raw) != len(fields) or None in raw:
            raise ValueError
        return [field.to_python(value) for field, value in zip(fields, raw, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, ValidationError):
        raise HttpError(400, gettext("This cursor is not one the API gave out.")) from None


def _after(ordering, values):
    """Rows after ``values`` in ``ordering`` ("-published_at", "-pk"): an OR of
    "equal so far, then past", led by a plain range on the first column for the index."""
    first = ordering[0].lstrip("-")
    lead = "lte" if ordering[0].startswith("-") else "gte"
    condition = Q()
    for index, name in enumerate(ordering):
        field = name.lstrip("-")
        step = Q(**{f"{field}__{'lt' if name.startswith('-') else 'gt'}": values[index]})
        for earlier, value in zip(ordering[:index], values[:index], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return Q(**{f"{first}__{lead}": values[0]}) & condition


def page(queryset, ordering, *, cursor, limit):
    """(items, next cursor or None) for the page of ``queryset`` after ``cursor``."""
    limit = max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))
    model = queryset.model
    fields = [
        model._meta.pk if name.lstrip("-") == "pk" else model._meta.get_field(name.lstrip("-"))
        for name in ordering
    ]
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(_after(ordering, decode(cursor, fields)))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode([getattr(last, name.lstrip("-")) for name in ordering])


def next_url(request, next_cursor):
    """This request's address with ``cursor`` moved on, or None on the last page."""
    if next_cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = next_cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
