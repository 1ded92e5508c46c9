"""The demo newsroom's readers: comments on the demo articles, and a moderator account.

``manage.py load_demo`` (articles) sends ``articles.signals.demo_loaded`` once its articles
exist; the comments app adds its part here, so the articles app needs to know nothing of
comments.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article

from . import moderation
from .models import Comment
from .roles import MODERATORS

MODERATOR_ACCOUNT = ("moderator", "moderator-demo")

# (article slug, name, email, body, reply to index or None, approved?)
COMMENTS = [
    (
        "regional-elections-set-for-october",
        "Marco Apaza",
        "marco@example.org",
        "Good to see the donations rule. Will independent candidates get help registering?",
        None,
        True,
    ),
    (
        "regional-elections-set-for-october",
        "Lucía Mamani",
        "editor@example.org",
        "We asked the council: an assistance desk opens in each district office from next week.",
        0,
        True,
    ),
    (
        "regional-elections-set-for-october",
        "Teresa Condori",
        "teresa@example.org",
        "Thank you, that helps my mother in Pampa Alta.",
        1,
        True,
    ),
    (
        "regional-elections-set-for-october",
        "Julio R.",
        "julio@example.org",
        "Radio debates in Quechua are long overdue.\nWell done to whoever pushed for it.",
        None,
        True,
    ),
    (
        "regional-elections-set-for-october",
        "Anonymous coward",
        "anon@example.org",
        "The councillors who voted against should resign. See https://a.example "
        "https://b.example https://c.example",
        None,
        False,
    ),
    (
        "river-levels-fall-to-30-year-low",
        "Rosa P.",
        "rosap@example.org",
        "Our well in Santa Ana is dry too. Where can we ask for water deliveries?",
        None,
        False,
    ),
]


def load(sender, stdout, **kwargs):
    """Receiver of ``demo_loaded``: the moderator account (DEBUG only) and the comments."""
    if settings.DEBUG:
        username, password = MODERATOR_ACCOUNT
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff, user.is_superuser, user.email = True, False, f"{username}@example.org"
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=MODERATORS)])
        stdout.write(f"  {username:<10} password: {password:<16} {MODERATORS}")
    if Comment.objects.exists():
        return
    moderator = get_user_model().objects.filter(is_superuser=True).first()
    stored = []
    for slug, name, email, body, reply_to, approve in COMMENTS:
        comment = Comment(
            article=Article.objects.get(slug=slug),
            parent=stored[reply_to] if reply_to is not None else None,
            name=name,
            email=email,
            body=body,
            ip_address="192.0.2.10",
        )
        # Held whatever the site's policy, and nobody is emailed about demo comments.
        moderation.receive(comment, policy="hold_all", notify=False)
        if approve:
            moderation.approve(comment, by=moderator)
        stored.append(comment)
