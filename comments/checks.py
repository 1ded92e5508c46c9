"""System checks for the comment settings (``manage.py check``)."""

from django.core import checks

from .conf import POLICIES, setting_default


@checks.register("comments")
def known_policy(app_configs, **kwargs):
    # The settings' default; the moderators' choice in the admin is checked by its form.
    policy = setting_default("POLICY")
    if policy in POLICIES:
        return []
    return [
        checks.Error(
            f"COMMENTS_POLICY (settings.COMMENTS['POLICY']) is {policy!r}, which is not one "
            f"of {', '.join(POLICIES)}: every comment is held for a moderator until it is "
            "fixed.",
            id="comments.E001",
        )
    ]
