"""The comment settings, with their defaults; override any key in settings.COMMENTS."""

from django.conf import settings

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
}

POLICIES = ("hold_all", "approve_known", "approve_clean")


def comment_setting(name):
    return getattr(settings, "COMMENTS", {}).get(name, DEFAULTS[name])
