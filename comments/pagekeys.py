"""The surrogate key of the comments app (see newsroom/pagecache.py)."""


def thread_key(article_id):
    """Every page showing the comment thread of this article."""
    return f"comments:{article_id}"


# Every page showing a comment form or thread: the moderators' rules (comments/rules_store.py)
# decide whether comments are open.
RULES = "comments:rules"
