"""Numbers in URLs and query strings, bounded so that no digit string reaches a date or
the database too big for it (an OverflowError, a 500): too long simply does not match.

Importing this module registers the path converters ``<year:…>``, ``<mm:…>`` (month,
day) and ``<id:…>`` (a primary key); ``parse_id`` reads an id from a query string or cookie.
"""

import re

from django.urls import register_converter

# 18 digits always fit a signed 64-bit integer: PostgreSQL bigint, SQLite INTEGER.
ID_PATTERN = "[0-9]{1,18}"
_ID = re.compile(ID_PATTERN)


class _Number:
    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class YearConverter(_Number):
    regex = "[0-9]{4}"


class MonthOrDayConverter(_Number):
    regex = "[0-9]{1,2}"


class IdConverter(_Number):
    regex = ID_PATTERN


def parse_id(text):
    """The id in ``text`` ("42"), or None if it is not one (empty, "²", "1.5", too long)."""
    return int(text) if isinstance(text, str) and _ID.fullmatch(text) else None


register_converter(YearConverter, "year")
register_converter(MonthOrDayConverter, "mm")
register_converter(IdConverter, "id")
