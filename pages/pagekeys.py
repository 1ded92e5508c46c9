"""The surrogate keys of the pages app (see articles/pagekeys.py for the idea).

``page:3`` is the page itself; ``pages:links`` the header and footer links and the
privacy link by the comment form, shown on every page; ``pages:sitemap`` the sitemap.
"""

LINKS = "pages:links"
SITEMAP = "pages:sitemap"


def page(pk):
    return f"page:{pk}"


# What the links on every page show: a change to one of these purges every page.
LINK_FIELDS = (
    "title",
    "slug",
    "is_published",
    "in_header",
    "in_footer",
    "position",
    "is_privacy_notice",
)
