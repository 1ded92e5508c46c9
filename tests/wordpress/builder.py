"""Small WordPress exports for tests: ``export(posts=[post(...)], ...)`` is WXR 1.2 text."""

from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>{title}</title>
<link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
"""


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login="rosa", name="Rosa Quispe", email="rosa@old.example", wp_id=1):
    return f"""<wp:author><wp:author_id>{wp_id}</wp:author_id>
<wp:author_login>{cdata(login)}</wp:author_login><wp:author_email>{cdata(email)}</wp:author_email>
<wp:author_display_name>{cdata(name)}</wp:author_display_name>
<wp:author_first_name>{cdata("")}</wp:author_first_name>
<wp:author_last_name>{cdata("")}</wp:author_last_name></wp:author>
"""


def category(slug, name=None, parent="", term_id=None):
    return f"""<wp:category><wp:term_id>{term_id or abs(hash(slug)) % 10000}</wp:term_id>
<wp:category_nicename>{slug}</wp:category_nicename>
<wp:category_parent>{parent}</wp:category_parent><wp:cat_name>{cdata(name or slug)}</wp:cat_name>
</wp:category>
"""


def tag(slug, name=None):
    return f"""<wp:tag><wp:tag_slug>{slug}</wp:tag_slug>
<wp:tag_name>{cdata(name or slug)}</wp:tag_name></wp:tag>
"""


def comment(
    wp_id,
    text="A fine story.",
    *,
    parent=0,
    approved="1",
    kind="",
    name="Ana",
    email="ana@example.com",
    ip="203.0.113.7",
    url="",
    date="2015-03-04 10:00:00",
):
    return f"""<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author>{cdata(name)}</wp:comment_author>
<wp:comment_author_email>{email}</wp:comment_author_email>
<wp:comment_author_url>{url}</wp:comment_author_url>
<wp:comment_author_IP>{ip}</wp:comment_author_IP>
<wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>
<wp:comment_content>{cdata(text)}</wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>
"""


def post(
    wp_id,
    title="A story",
    *,
    slug=None,
    content="Text.",
    excerpt="",
    status="publish",
    date="2015-03-04 09:30:00",
    date_gmt=None,
    modified=None,
    kind="post",
    creator="rosa",
    categories=(),
    tags=(),
    comments=(),
    sticky=False,
    password="",
    meta=None,
    attachment_url="",
    link=None,
    post_id=None,
):
    slug = slug if slug is not None else title.lower().replace(" ", "-")
    y, m, d = date[:4], date[5:7], date[8:10]
    link = link if link is not None else f"https://old.example/{y}/{m}/{d}/{slug}/"
    terms = "".join(
        f'<category domain="category" nicename="{s}">{cdata(s)}</category>' for s in categories
    ) + "".join(f'<category domain="post_tag" nicename="{s}">{cdata(s)}</category>' for s in tags)
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value>{cdata(v)}</wp:meta_value>"
        "</wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    return f"""<item><title>{escape(title)}</title><link>{escape(link)}</link>
<dc:creator>{cdata(creator)}</dc:creator>
<content:encoded>{cdata(content)}</content:encoded>
<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
<wp:post_id>{post_id if post_id is not None else wp_id}</wp:post_id>
<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date_gmt or date}</wp:post_date_gmt>
<wp:post_modified>{modified or date}</wp:post_modified>
<wp:post_modified_gmt>{modified or date_gmt or date}</wp:post_modified_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type>{kind}</wp:post_type><wp:post_password>{password}</wp:post_password>
<wp:is_sticky>{int(sticky)}</wp:is_sticky>
<wp:attachment_url>{attachment_url}</wp:attachment_url>
{terms}{metas}{"".join(comments)}</item>
"""


def export(*parts, title="Old Times", encoding="UTF-8"):
    return HEADER.format(encoding=encoding, title=title) + "".join(parts) + "</channel>\n</rss>\n"
