"""
The staff roles that the comments app defines or extends (see newsroom/roles.py).

Moderators work the comment queue and nothing else; Editors (an articles role) can
moderate too.
"""

from articles.roles import EDITORS

MODERATORS = "Moderators"

_MODERATION = [
    "comments.can_moderate",
    "comments.view_comment",
    "comments.view_moderationlog",
    # The comment rules (policy, word lists, links, closing): one row, added once.
    "comments.view_moderationrules",
    "comments.add_moderationrules",
    "comments.change_moderationrules",
    # Suspending and banning commenters.
    "comments.view_commenterban",
    "comments.add_commenterban",
    "comments.change_commenterban",
    "comments.delete_commenterban",
    # Readers' reports (read only) and each story's own holds.
    "comments.view_commentreport",
    "comments.view_storymoderation",
    "comments.add_storymoderation",
    "comments.change_storymoderation",
]

ROLES = {
    MODERATORS: _MODERATION,
    EDITORS: _MODERATION,
}
