"""The demo newsroom's standing pages (loaded by ``manage.py load_demo``; idempotent)."""

from .models import Page

PAGES = [
    {
        "title": "About us",
        "slug": "about",
        "in_header": True,
        "position": 1,
        "summary": "An independent regional newspaper for the valley, owned by its staff.",
        "body": "<p>The Valley Courier reports on the politics, courts, environment, economy and "
        "culture of the valley, in print since 1987 and online since 2009.</p>"
        "<h2>Who owns us</h2><p>The paper is a co-operative owned by its journalists. We take "
        "no money from political parties and publish every sponsor by name.</p>",
    },
    {
        "title": "Contact",
        "slug": "contact",
        "in_header": True,
        "position": 2,
        "summary": "How to reach the newsroom, send a tip or ask for a correction.",
        "body": '<p>Newsroom: <a href="mailto:newsroom@example.org">newsroom@example.org</a>'
        '</p><p>Corrections: <a href="mailto:corrections@example.org">'
        "corrections@example.org</a></p><p>Jr. Lima 214, San Isidro.</p>",
    },
    {
        "title": "Masthead",
        "slug": "masthead",
        "position": 3,
        "summary": "The people who make the Courier.",
        "body": "<ul><li>Editor: Lucía Mamani</li><li>Courts: Diego Salazar</li>"
        "<li>Environment: Rosa Huamán</li></ul>",
    },
    {
        "title": "Ethics and corrections policy",
        "slug": "ethics",
        "position": 4,
        "summary": "The standards we hold ourselves to and how we correct mistakes.",
        "body": "<p>We correct errors of fact promptly and say so at the foot of the article, "
        "with the date of the correction.</p><h2>Opinion and sponsored content</h2><p>Opinion, "
        "analysis and reviews are labelled. Sponsored content is paid for by an advertiser, "
        "named on the page, and never written by our journalists.</p>",
    },
    {
        "title": "Privacy notice",
        "slug": "privacy",
        "position": 5,
        "is_privacy_notice": True,
        "summary": "What we keep about readers, why, and for how long.",
        "body": "<p>When you comment we keep your name, your email address (never shown) and "
        "your IP address, to moderate comments and stop abuse. IP addresses are erased after "
        "30 days.</p><p>Ask us to export or erase your comments at "
        '<a href="mailto:privacy@example.org">privacy@example.org</a>.</p>',
    },
]


def load_pages():
    """Create the demo pages that are missing; pages already there are left as they are."""
    created = 0
    for data in PAGES:
        _, new = Page.objects.get_or_create(slug=data["slug"], defaults=data)
        created += new
    return created
