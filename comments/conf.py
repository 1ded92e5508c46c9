"""The comment settings, with their defaults; override any key in settings.COMMENTS.

The keys in RULES are the moderators' to change: once they save the comment rules in the
admin (``comments.models.ModerationRules``), the saved values win over settings.COMMENTS.
Every app server reads them from the shared cache, which the save refreshes after its
commit (``rules_saved``), and from the database when the cache has none.
"""

import functools
import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

logger = logging.getLogger(__name__)

DEFAULTS = {
    # "hold_all": every comment waits for a moderator (the default);
    # "approve_known": authors with an earlier approved comment (same name and email) go live;
    # "approve_clean": everything that passes the hold rules goes live.
    "POLICY": "hold_all",
    "MAX_DEPTH": 3,  # reply levels shown, top-level comments being level 1
    "PER_PAGE": 50,  # top-level comments per page
    "CLOSE_AFTER_DAYS": None,  # close comments on articles older than this; None: never
    "MIN_SECONDS": 3,  # a form sent sooner after it was shown is a bot's
    "FORM_MAX_AGE": 2 * 60 * 60,  # seconds a form's signed timestamp stays valid
    "FLOOD_SECONDS": 15,  # one comment per IP address and per email in this window
    "MAX_LINKS": 2,  # more links than this holds a comment
    "HOLD_KEYWORDS": [],  # words or phrases that hold a comment for review
    "DISALLOWED_KEYWORDS": [],  # words or phrases that send a comment to spam
    "DISALLOWED_EMAILS": [],  # addresses (or @domains) whose comments go to spam
    "DISALLOWED_IPS": [],  # addresses or networks (CIDR) whose comments go to spam
    "NOTIFY_MODERATORS": True,  # email moderators about each held comment
    "UNDO_SECONDS": 10 * 60,  # how long a moderator can take back a decision or an edit
    "AUTHOR_EDIT_MINUTES": 15,  # how long commenters may edit their own comment
    "REPORT_THRESHOLD": 3,  # readers' reports that take a published comment off for review
    "REPORTS_PER_HOUR": 10,  # reports one address may send in an hour
    # Surge protection: more than SURGE_COMMENTS on one story within SURGE_MINUTES holds
    # every new comment there for SURGE_HOLD_MINUTES, and tells the moderators. 0: off.
    "SURGE_COMMENTS": 30,
    "SURGE_MINUTES": 10,
    "SURGE_HOLD_MINUTES": 60,
}

POLICIES = ("hold_all", "approve_known", "approve_clean")


RULES = (
    "POLICY",
    "HOLD_KEYWORDS",
    "DISALLOWED_KEYWORDS",
    "DISALLOWED_EMAILS",
    "DISALLOWED_IPS",
    "MAX_LINKS",
    "CLOSE_AFTER_DAYS",
    "REPORT_THRESHOLD",
)
RULES_CACHE_KEY = "comments:rules"
RULES_CACHE_SECONDS = 60 * 60  # a backstop: a save replaces the cached copy at once
_NOT_SAVED = "not saved"


def setting_default(name):
    """The value in settings.COMMENTS, or the built-in default."""
    return getattr(settings, "COMMENTS", {}).get(name, DEFAULTS[name])


def _load_rules():
    from .models import ModerationRules

    row = ModerationRules.objects.first()
    return row.as_settings() if row else _NOT_SAVED


# Within rules_read_once(): the rules as first read there, so that one request reads them
# from the cache once, not once per rule it checks.
_read_once = ContextVar("comment_rules_read_once", default=None)


def rules_read_once(view):
    """Decorate a view so that every rule it checks comes from one read of the rules."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        token = _read_once.set({})
        try:
            return view(*args, **kwargs)
        finally:
            _read_once.reset(token)

    return wrapped


def saved_rules():
    """The moderators' saved rules as {settings name: value}, or None if never saved."""
    memo = _read_once.get()
    if memo is None:
        return _saved_rules()
    if "rules" not in memo:
        memo["rules"] = _saved_rules()
    return memo["rules"]


def _saved_rules():
    rules = cache.get(RULES_CACHE_KEY)
    if rules is None:
        try:
            rules = _load_rules()
        except DatabaseError:
            # Without the database nothing is posted anyway; the defaults keep pages up.
            logger.warning("Comment rules unreadable; using settings.COMMENTS", exc_info=True)
            return None
        # add, not set: a reader that loaded the rules just before a save must not
        # overwrite the copy the save put there.
        cache.add(RULES_CACHE_KEY, rules, RULES_CACHE_SECONDS)
    return None if rules == _NOT_SAVED else rules


def rules_saved():
    """After a save of the rules commits: every server reads the new ones from now on."""
    cache.set(RULES_CACHE_KEY, _load_rules(), RULES_CACHE_SECONDS)


def comment_setting(name):
    # A copy cached before a rule was added lacks it: the default holds until the next save.
    if name in RULES and (rules := saved_rules()) is not None and name in rules:
        return rules[name]
    return setting_default(name)
