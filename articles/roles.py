"""
The newsroom's staff roles, as Django groups.

Data migrations apply them, so every fresh database has the groups: ROLES in
articles' migration, COMMENT_ROLES in comments' (its permissions exist only then).
"""

EDITORS = "Editors"
WRITERS = "Writers"
MODERATORS = "Moderators"

_CONTENT_MODELS = ("article", "source", "category", "author", "taggedarticle")

ROLES = {
    EDITORS: [
        *(
            f"articles.{action}_{model}"
            for model in _CONTENT_MODELS
            for action in ("add", "change", "delete", "view")
        ),
        "articles.publish_article",
        *(f"taggit.{action}_tag" for action in ("add", "change", "delete", "view")),
        *(f"taggit.{action}_taggeditem" for action in ("add", "change", "delete", "view")),
    ],
    WRITERS: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_source",
        "articles.view_category",
        "articles.view_author",
        "taggit.view_tag",
    ],
    # Moderators work the comment queue and nothing else: COMMENT_ROLES below.
    MODERATORS: [],
}

# Applied by the comments app's migration, once its models exist.
COMMENT_ROLES = {
    EDITORS: [
        "comments.can_moderate",
        "comments.view_comment",
        "comments.view_moderationlog",
    ],
    MODERATORS: [
        "comments.can_moderate",
        "comments.view_comment",
        "comments.view_moderationlog",
    ],
}


def sync_roles(apps, roles):
    """Create each group in ``roles`` and give it its listed permissions (additive)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
