"""What each staff role may do with pages (see newsroom/roles.py)."""

from articles.roles import EDITORS

ROLES = {
    EDITORS: [f"pages.{action}_page" for action in ("add", "change", "delete", "view")],
}
