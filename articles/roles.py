"""
The newsroom's staff roles that the articles app defines, as Django groups.

This dict is the whole definition: after every ``migrate`` each group is given exactly
these permissions plus what other apps declare for it (newsroom/roles.py). Change a role
here, not in the admin; the next migrate applies the change to existing databases.
"""

EDITORS = "Editors"
WRITERS = "Writers"

_CONTENT_MODELS = (
    "article",
    "source",
    "category",
    "author",
    "taggedarticle",
    "topstory",
    "breakingnews",
    "libraryimage",
)

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
        # Writers illustrate their own stories: they upload to the library and edit the
        # words of its pictures, but only editors delete them.
        "articles.add_libraryimage",
        "articles.change_libraryimage",
        "articles.view_libraryimage",
        "taggit.view_tag",
    ],
}
