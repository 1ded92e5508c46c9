"""
Every role against every admin screen and the site's protected URLs, by GET and POST.

The expectations are written out here, role by role, independently of how roles.py
grants them: if a permission drifts, this table disagrees.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Category, Source
from comments.models import Comment, CommenterBan, ModerationLog, ModerationRules
from tests.conftest import ensure_roles
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

V, A, C, D = "view", "add", "change", "delete"
ALL = {V, A, C, D}

# What each staff role may do, per admin screen.
CAN = {
    "editor": {
        "articles.article": ALL,
        "articles.source": ALL,
        "articles.category": ALL,
        "articles.author": ALL,
        "taggit.tag": ALL,
        "comments.comment": {V},
        "comments.moderationlog": {V},
        "comments.moderationrules": {V, C},
        "comments.commenterban": {V, A, C},  # lifted, never deleted
    },
    "writer": {
        "articles.article": {V, A, C},
        "articles.source": {V},
        "articles.category": {V},
        "articles.author": {V},
        "taggit.tag": {V},
    },
    "moderator": {
        "comments.comment": {V},
        "comments.moderationlog": {V},
        # One row of rules, never added twice nor deleted.
        "comments.moderationrules": {V, C},
        "comments.commenterban": {V, A, C},  # lifted, never deleted
    },
    "superuser": {
        "articles.article": ALL,
        "articles.source": ALL,
        "articles.category": ALL,
        "articles.author": ALL,
        "taggit.tag": ALL,
        "auth.user": ALL,
        "auth.group": ALL,
        # Comments are readers' words: nobody adds or edits them in the admin.
        "comments.comment": {V, D},
        "comments.moderationlog": {V},
        "comments.moderationrules": {V, C},
        "comments.commenterban": {V, A, C},  # lifted, never deleted
    },
}
STAFF_ROLES = [*CAN]
ROLES = ["anonymous", "reader", *STAFF_ROLES]


@pytest.fixture
def world():
    """One object of every model, and a user for every role."""
    ensure_roles()
    draft = ArticleFactory(status="draft", published_at=None, headline="Secret draft")
    users = {
        "reader": UserFactory(username="reader", is_staff=False),
        "superuser": UserFactory(username="root", is_superuser=True),
    }
    for role, group in (("editor", "Editors"), ("writer", "Writers"), ("moderator", "Moderators")):
        users[role] = UserFactory(username=role)
        users[role].groups.add(Group.objects.get(name=group))
    comment = CommentFactory(status="pending")
    ModerationLog.objects.create(
        comment=comment, from_status="pending", to_status="spam", by=users["superuser"]
    )
    objects = {
        "articles.article": draft,
        "articles.source": SourceFactory(),
        "articles.category": CategoryFactory(),
        "articles.author": AuthorFactory(),
        "taggit.tag": Tag.objects.create(name="Budget", slug="budget"),
        "comments.comment": comment,
        "comments.moderationlog": ModerationLog.objects.get(),
        "comments.moderationrules": ModerationRules.objects.create(policy="hold_all", max_links=2),
        "comments.commenterban": CommenterBan.objects.create(email="x@example.org", reason="Test"),
        "auth.user": users["reader"],
        "auth.group": Group.objects.get(name="Writers"),
    }
    return users, objects, draft


def client_for(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def expected(role, model, action):
    if role in {"anonymous", "reader"}:
        return 302  # to the admin login
    return 200 if action in CAN[role].get(model, set()) else 403


def admin_url(model, name, obj=None):
    app, model_name = model.split(".")
    args = [obj.pk] if obj is not None else []
    return reverse(f"admin:{app}_{model_name}_{name}", args=args)


@pytest.mark.parametrize("role", ROLES)
def test_admin_screens_by_role(client, world, role):
    users, objects, _ = world
    client = client_for(client, users, role)
    mismatches = []
    for model, obj in objects.items():
        for name, action, target in (
            ("changelist", V, None),
            ("add", A, None),
            ("change", V, obj),
            ("history", V, obj),
            ("delete", D, obj),
        ):
            want = expected(role, model, action)
            if name in {"changelist", "change", "history"} and role in CAN:
                # Viewing needs view or change permission.
                perms = CAN[role].get(model, set())
                want = 200 if perms & {V, C} else 403
            if model == "comments.moderationrules" and name in {"changelist", "add"}:
                perms = CAN.get(role, {}).get(model, set())
                if perms & {V, C}:
                    want = 302  # the one row's page
            got = client.get(admin_url(model, name, target)).status_code
            if got != want:
                mismatches.append((model, name, got, want))
    assert mismatches == []


@pytest.mark.parametrize("role", ROLES)
def test_deleting_by_post_only_where_allowed(client, world, role):
    users, objects, _ = world
    client = client_for(client, users, role)
    models = {
        "articles.article": Article,
        "articles.source": Source,
        "articles.category": Category,
        "articles.author": Author,
        "taggit.tag": Tag,
        "comments.comment": Comment,
        "comments.moderationlog": ModerationLog,
        "comments.commenterban": CommenterBan,
        "auth.group": Group,
    }
    mismatches = []
    for model, model_class in models.items():
        obj = objects[model]
        # A comment with a moderation history stays: the admin will not delete the log.
        allowed = D in CAN.get(role, {}).get(model, set()) and model != "comments.comment"
        response = client.post(admin_url(model, "delete", obj), {"post": "yes"})
        still_there = model_class.objects.filter(pk=obj.pk).exists()
        if allowed == still_there or (not allowed and response.status_code not in {302, 403}):
            mismatches.append((model, response.status_code, "exists" if still_there else "gone"))
    assert mismatches == []


@pytest.mark.parametrize("role", ROLES)
def test_adding_by_post_only_where_allowed(client, world, role):
    users, _, _ = world
    client = client_for(client, users, role)
    attempts = [
        ("articles.source", Source, {"name": "Posted source", "slug": "posted-source"}),
        (
            "articles.category",
            Category,
            {"name": "Posted section", "slug": "posted-section", "position": 0},
        ),
        ("taggit.tag", Tag, {"name": "Posted tag", "slug": "posted-tag"}),
        ("comments.commenterban", CommenterBan, {"email": "posted@example.org", "reason": "x"}),
        (
            "auth.user",
            User,
            {
                "username": "intruder",
                "password1": "x9!kLm2#pQ7z",
                "password2": "x9!kLm2#pQ7z",
                "usable_password": "true",
            },
        ),
    ]
    mismatches = []
    for model, model_class, data in attempts:
        allowed = A in CAN.get(role, {}).get(model, set())
        client.post(admin_url(model, "add"), data)
        lookup = (
            {"username": "intruder"}
            if model_class is User
            else {"email": data["email"]}
            if model_class is CommenterBan
            else {"slug": data["slug"]}
        )
        created = model_class.objects.filter(**lookup).exists()
        if created != allowed:
            mismatches.append((model, "created" if created else "not created"))
    assert mismatches == []


@pytest.mark.parametrize(
    ("role", "can_publish"),
    [
        ("writer", False),
        ("editor", True),
        ("superuser", True),
        ("moderator", False),
        ("reader", False),
        ("anonymous", False),
    ],
)
def test_bulk_publish_by_role(client, world, role, can_publish, settings):
    settings.PUBLISH_CHECKS_BLOCKING = []  # who may publish, not what (the checklist's part)
    users, _, draft = world
    client = client_for(client, users, role)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.is_published() is can_publish


@pytest.mark.parametrize(
    ("role", "moderates"),
    [
        ("moderator", True),
        ("editor", True),
        ("superuser", True),
        ("writer", False),
        ("reader", False),
        ("anonymous", False),
    ],
)
def test_moderation_by_role(client, world, role, moderates):
    users, objects, _ = world
    client = client_for(client, users, role)
    comment = objects["comments.comment"]
    client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    reply = client.post(
        reverse("admin:comments_comment_reply", args=[comment.pk]), {"body": "A staff reply"}
    )
    comment.refresh_from_db()
    assert (comment.status == "approved") is moderates
    assert Comment.objects.filter(body="A staff reply").exists() is moderates
    assert reply.status_code in ({302} if moderates else {302, 403})

    # The desk's one-click decision, edit and undo: the same people, nobody else.
    original = comment.body
    decided = client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk]), {"decision": "spam"}
    )
    comment.refresh_from_db()
    assert (comment.status == "spam") is moderates
    assert decided.status_code in ({302} if moderates else {302, 403})
    client.post(reverse("admin:comments_comment_edit", args=[comment.pk]), {"body": "Redacted."})
    comment.refresh_from_db()
    assert (comment.body == "Redacted.") is moderates
    last = ModerationLog.objects.latest("pk")
    undone = client.post(reverse("admin:comments_comment_undo", args=[last.pk]))
    comment.refresh_from_db()
    assert comment.body == original  # the moderator's edit undone; nobody else's made
    assert comment.status == ("spam" if moderates else "pending")
    assert undone.status_code in ({302} if moderates else {302, 403})


@pytest.mark.parametrize(
    ("role", "previews"),
    [
        ("writer", True),
        ("editor", True),
        ("superuser", True),
        ("moderator", False),
        ("reader", False),
        ("anonymous", False),
    ],
)
def test_draft_preview_on_the_site_by_role(client, world, role, previews):
    users, _, draft = world
    client = client_for(client, users, role)
    assert client.get(draft.get_absolute_url()).status_code == (200 if previews else 404)
    assert client.get("/").status_code == 200
    assert b"Secret draft" not in client.get("/feed/").content
