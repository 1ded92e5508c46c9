"""
The staff guide: docs/guide/<role>.md, shown in the admin.

The guide lives in the repository as Markdown (readable where the code is hosted), and
its pictures in docs/guide/img/ are taken by the browser tests (tests/e2e, ``guide_shot``)
so that they show the admin as it is. Here each page is rendered for staff with
markdown-it (CommonMark); the pictures are served as static files under ``guide/``
(STATICFILES_DIRS), so they are hashed and cached like the rest.
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
# The guides linked from the admin's home page, in this order.
ROLES = {"editor": "Editors", "writer": "Writers", "moderator": "Moderators"}
_markdown = MarkdownIt("commonmark", {"typographer": True}).enable("table")


def _links(html):
    """Picture paths to static URLs, links between guide pages to admin URLs."""
    html = re.sub(r'src="img/([\w.-]+)"', lambda m: f'src="{static("guide/" + m.group(1))}"', html)
    return re.sub(
        r'href="([a-z]+)\.md"',
        lambda m: (
            f'href="{reverse("admin:guide", args=[m.group(1)])}"'
            if m.group(1) in ROLES
            else m.group(0)
        ),
        html,
    )


def render(role):
    """The guide for ``role`` as HTML (our own text, from the repository)."""
    if role not in ROLES:
        raise Http404("No such guide.")
    text = (GUIDE_DIR / f"{role}.md").read_text(encoding="utf-8")
    # Our own text, from the repository: safe to show as HTML.
    return mark_safe(_links(_markdown.render(text)))  # nosec B308 B703


def guide_view(request, admin_site, role):
    html = render(role)
    title = re.search(r"<h1>(.*?)</h1>", html)
    context = {
        **admin_site.each_context(request),
        "title": title.group(1) if title else "Guide",
        "guide": mark_safe(re.sub(r"<h1>.*?</h1>", "", html, count=1)),  # nosec B308 B703
        "roles": ROLES,
        "role": role,
    }
    return TemplateResponse(request, "admin/guide.html", context)
