"""Authors' social links: one web address per line, named after the network they are on."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

NETWORKS = {
    "x.com": "X",
    "twitter.com": "X",
    "bsky.app": "Bluesky",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "linkedin.com": "LinkedIn",
    "threads.net": "Threads",
    "tiktok.com": "TikTok",
    "youtube.com": "YouTube",
    "github.com": "GitHub",
    "medium.com": "Medium",
}


def validate_link_lines(text):
    check = URLValidator(schemes=["https", "http"])
    for line in text.split():
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                f"“{line[:80]}” is not a full web address. Write one per line, starting "
                "with https://.",
                code="invalid_link",
            ) from None


def link_label(url):
    """“Bluesky” for a bsky.app address; Mastodon servers and others by their host name."""
    host = (urlsplit(url).hostname or url).removeprefix("www.")
    if host in NETWORKS:
        return NETWORKS[host]
    if "/@" in url:
        return f"Mastodon ({host})"
    return host
