"""
The rules a new comment meets on arrival: bot traps, flood control, spam and hold rules.

Each rule that fires gives a reason a moderator can read. ``assess`` decides the
initial status; ``comments/moderation.py`` applies it.
"""

import hashlib
import html
import ipaddress
import logging
import re
import time
import unicodedata
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext

from newsroom import edge

from .conf import comment_setting
from .models import Comment, CommenterBan, StoryModeration, body_fingerprint

logger = logging.getLogger(__name__)

# One match per link: "https://www.a.example" is one link, not two.
_LINK = re.compile(r"https?://\S+|\bwww\.\w\S*", re.IGNORECASE)
_SIGNER_SALT = "comments.form-timestamp"


# Bot traps: a signed timestamp in the form, and a honeypot field.


def form_token(article_id, *, shown_again=False):
    """The form's signed timestamp. ``shown_again``: the reader's own rejected comment
    was put back in front of them, so they have read it; sending it at once is fine."""
    data = {"a": article_id, "t": time.time(), **({"r": 1} if shown_again else {})}
    return signing.dumps(data, salt=_SIGNER_SALT, compress=True)


EXPIRED_FORM = "The form was older than allowed when it was sent (expired token)."


def token_max_age():
    """A form may sit in a cached page for as long as a cache keeps it, then be filled in."""
    cached = max(settings.PAGE_CACHE_SECONDS, edge.lifetime())
    return comment_setting("FORM_MAX_AGE") + cached


def claim_token(token, email):
    """Record one successful use of ``token`` by ``email``; False if it was used already.

    The token is the same for every reader of a cached page, so it is bound to the
    commenter, not to the page: the same post cannot be replayed with it.
    """
    digest = hashlib.sha256(f"{token}|{email.lower()}".encode()).hexdigest()
    claimed = cache.add(f"comments:token:{digest}", 1, timeout=token_max_age())
    return claimed is not False  # None: the cache is down; the duplicate check still holds


def token_problem(token, article_id):
    """Why the form's token looks like a bot's, or None if a person could have sent it."""
    try:
        data = signing.loads(token, salt=_SIGNER_SALT, max_age=token_max_age())
    except signing.SignatureExpired:
        return EXPIRED_FORM
    except signing.BadSignature:
        return "The form’s token was missing, forged or tampered with."
    if not isinstance(data, dict) or data.get("a") != article_id:
        return "The form’s token belongs to a different article."
    elapsed = time.time() - float(data.get("t", 0))
    if elapsed < comment_setting("MIN_SECONDS") and not data.get("r"):
        return f"The form was sent {elapsed:.1f} s after it was shown: faster than a person."
    return None


# Flood control, shared by every app server through the cache.


def flood_blocked(ip, email):
    """Return True if this IP or email posted within the flood window; else claim it.

    The claim lives in the shared cache. If the cache is down (django-redis then answers
    None), the check falls back to the comments table, which is slower but still holds.
    """
    window = comment_setting("FLOOD_SECONDS")
    if not window:
        return False
    keys = [f"comments:flood:ip:{ip}" if ip else None, f"comments:flood:email:{email.lower()}"]
    claims = [cache.add(key, 1, timeout=window) for key in filter(None, keys)]
    if None in claims:
        logger.warning("Cache unavailable: flood control is using the database.")
        same_author = Q(email=email.lower()) | Q(ip_address=ip) if ip else Q(email=email.lower())
        since = timezone.now() - timedelta(seconds=window)
        return Comment.objects.filter(same_author, submitted_at__gte=since).exists()
    # add() is atomic: of two simultaneous posts, only one claims each key.
    return not all(claims)


# Spam and hold rules.


def _as_read(text):
    """``text`` as a reader reads it: tags and HTML comments gone, entities decoded,
    look-alike forms (full-width "ｖｉａｇｒａ") folded, spaces collapsed."""
    readable = html.unescape(strip_tags(text))
    return " ".join(unicodedata.normalize("NFKC", readable).split())


def _matches(text, phrases):
    """The phrases found in the text as typed or as read (so "vi<b></b>agra" is caught)."""
    variants = [text.casefold(), _as_read(text).casefold()]
    return [
        phrase
        for phrase in phrases
        if phrase and any(phrase.casefold() in variant for variant in variants)
    ]


def spam_reasons(comment):
    """Reasons to send ``comment`` straight to spam (disallowed words, emails, IPs)."""
    reasons = []
    text = " ".join([comment.name, comment.email, comment.website, comment.body])
    if words := _matches(text, comment_setting("DISALLOWED_KEYWORDS")):
        reasons.append(
            gettext("Contains disallowed words: %(words)s.") % {"words": ", ".join(words)}
        )
    email = comment.email.lower()
    for blocked in comment_setting("DISALLOWED_EMAILS"):
        blocked = blocked.lower()
        if email == blocked or (blocked.startswith("@") and email.endswith(blocked)):
            reasons.append(gettext("Email address is disallowed (%(rule)s).") % {"rule": blocked})
    if comment.ip_address:
        address = ipaddress.ip_address(comment.ip_address)
        for network in comment_setting("DISALLOWED_IPS"):
            if address in ipaddress.ip_network(network, strict=False):
                reasons.append(gettext("IP address is disallowed (%(rule)s).") % {"rule": network})
    return reasons


def hold_reasons(comment, *, policy, category_holds):
    """Reasons to hold ``comment`` for a moderator rather than publish it."""
    reasons = []
    links = len(_LINK.findall(comment.body))
    if links > comment_setting("MAX_LINKS"):
        reasons.append(
            gettext("Contains %(links)d links (more than %(limit)d).")
            % {"links": links, "limit": comment_setting("MAX_LINKS")}
        )
    if words := _matches(f"{comment.name} {comment.body}", comment_setting("HOLD_KEYWORDS")):
        reasons.append(
            gettext("Contains moderation keywords: %(words)s.") % {"words": ", ".join(words)}
        )
    if category_holds:
        reasons.append(
            gettext("Every comment in “%(section)s” is held for review.")
            % {"section": category_holds}
        )
    if policy == "approve_known":
        known = Comment.objects.approved().filter(name=comment.name, email=comment.email).exists()
        if not known:
            reasons.append(gettext("First comment from this name and email."))
    elif policy != "approve_clean":
        # hold_all, and any value we do not know (a typo must not publish everything).
        reasons.append(gettext("Site policy: every comment is held for review."))
    return reasons


def is_duplicate(comment):
    """Return True if the author already posted this text on this article."""
    return Comment.objects.filter(
        article=comment.article, email=comment.email, body_hash=body_fingerprint(comment.body)
    ).exists()


# Small tables every post reads: from the shared cache, one round trip instead of a query.


class SharedSnapshot:
    """What ``load()`` returns, kept in the shared cache for every app server.

    A change rewrites it after its commit (``refresh``, from a signal handler); a reader
    that finds none loads it and only *adds* it, so a reader that loaded just before a
    change cannot put the old rows back over the new ones.
    """

    SECONDS = 60 * 60  # a backstop: a change replaces the cached copy at once

    def __init__(self, key, load):
        self.key, self.load = key, load

    def read(self):
        value = cache.get(self.key)
        if value is None:
            value = self.load()
            cache.add(self.key, value, self.SECONDS)
        return value

    def refresh(self):
        cache.set(self.key, self.load(), self.SECONDS)


TOO_MANY = "too many"  # a snapshot's value when the table is too big to keep whole


# Suspensions and bans (set by moderators: comments.models.CommenterBan).

BANS_CACHED_AT_MOST = 2000  # beyond this many bans in force, each post queries instead


def _bans_in_force():
    """[(email_folded, ip, expires_at timestamp or None)] for every ban in force, or
    TOO_MANY."""
    rows = list(
        CommenterBan.objects.active().values_list("email_folded", "ip_address", "expires_at")[
            : BANS_CACHED_AT_MOST + 1
        ]
    )
    if len(rows) > BANS_CACHED_AT_MOST:
        return TOO_MANY
    return [(email, ip, expires and expires.timestamp()) for email, ip, expires in rows]


bans = SharedSnapshot("comments:bans", _bans_in_force)


def _ban_on(email, ip_address):
    """(banned, until): whether a ban stops this commenter and, for a suspension, when it
    ends (a ban without an end wins over suspensions; of those, the longest)."""
    in_force = bans.read()
    if in_force == TOO_MANY:
        ban = (
            CommenterBan.objects.active()
            .matching(emails=[email], ips=[ip_address])
            .order_by(F("expires_at").desc(nulls_first=True))
            .first()
        )
        return (ban is not None, ban and ban.expires_at)
    now, email = time.time(), email.casefold()
    found = [
        expires
        for banned_email, banned_ip, expires in in_force
        if (expires is None or expires > now)
        and ((email and banned_email == email) or (ip_address and banned_ip == ip_address))
    ]
    if not found or None in found:
        return (bool(found), None)
    return (True, datetime.fromtimestamp(max(found), tz=UTC))


def ban_message(email, ip_address):
    """What to tell a suspended or banned commenter, or None if they may post."""
    banned, expires_at = _ban_on(email, ip_address)
    if not banned:
        return None
    if expires_at is None:
        return gettext("You can no longer comment on this site.")
    until = formats.date_format(timezone.localtime(expires_at), "DATETIME_FORMAT")
    return gettext(
        "Your comments are suspended until %(until)s. Your text is below, kept for you."
    ) % {"until": until}


# Stories held by the moderators or by a surge (comments.models.StoryModeration).

STORIES_CACHED_AT_MOST = 2000


def _stories_holding():
    """{article id: (hold_all, surge_until timestamp or None)} of every story holding its
    comments now or until a time, or TOO_MANY."""
    rows = list(
        StoryModeration.objects.filter(
            Q(hold_all=True) | Q(surge_until__gt=timezone.now())
        ).values_list("article_id", "hold_all", "surge_until")[: STORIES_CACHED_AT_MOST + 1]
    )
    if len(rows) > STORIES_CACHED_AT_MOST:
        return TOO_MANY
    return {pk: (hold_all, until and until.timestamp()) for pk, hold_all, until in rows}


stories = SharedSnapshot("comments:story-holds", _stories_holding)


def story_moderation(article_id):
    """The story's own moderation (pre-moderation, a surge hold), or None if it has none."""
    holding = stories.read()
    if holding == TOO_MANY:
        return StoryModeration.objects.filter(article_id=article_id).first()
    if article_id not in holding:
        return None
    hold_all, until = holding[article_id]
    until = until and datetime.fromtimestamp(until, tz=UTC)
    return StoryModeration(article_id=article_id, hold_all=hold_all, surge_until=until)


def maybe_surging(article_id, *, minutes, limit):
    """Count one more comment on the story; False when it certainly has not had more
    than ``limit`` in the last ``minutes``, so the exact count can be skipped.

    Counted in the shared cache per fixed window; this window's count plus the last's is
    never below the count over the sliding ``minutes``. True when the cache is down.
    """
    window = minutes * 60
    bucket = int(time.time() // window)
    current = f"comments:surge:{article_id}:{bucket}"
    cache.add(current, 0, timeout=2 * window + 60)
    try:
        counted = cache.incr(current)
    except ValueError:  # expired between the add and the incr
        cache.set(current, 1, timeout=2 * window + 60)
        counted = 1
    before = cache.get(f"comments:surge:{article_id}:{bucket - 1}", 0)
    if counted is None or before is None:
        return True
    return counted + before > limit
