"""The shapes the API answers with: the OpenAPI schema and the docs are made from these."""

from datetime import datetime

from ninja import Field, Schema


class Section(Schema):
    id: int
    name: str
    slug: str
    url: str = Field(description="The section's page on the site.")
    parent_id: int | None = Field(description="The main section of a subsection.")
    description: str = ""


class Tag(Schema):
    id: int
    name: str
    slug: str
    url: str


class Source(Schema):
    id: int
    name: str
    slug: str
    url: str
    website: str = ""
    description: str = ""


class Author(Schema):
    id: int
    name: str
    slug: str
    url: str
    role: str = ""
    bio: str = ""
    photo: str | None = Field(None, description="The portrait's address.")
    public_email: str = Field("", description="An address the author publishes for tips.")
    website: str = ""
    social_links: list[str] = []


class Named(Schema):
    id: int
    name: str
    slug: str


class ImageFile(Schema):
    width: int
    url: str


class Rendition(Schema):
    width: int = Field(description="Of the largest file; all keep its proportions.")
    height: int
    webp: list[ImageFile] = Field(description="Every width made, smallest first (a srcset).")
    jpeg: list[ImageFile] = Field(description="The same widths in JPEG, for old browsers.")


class Image(Schema):
    url: str = Field(description="The uploaded original.")
    width: int | None
    height: int | None
    alt: str
    caption: str = ""
    credit: str = ""
    focal_point: list[int] = Field(description="[across, down] in percent of the picture.")
    renditions: dict[str, Rendition] = Field(
        description="`full`: the whole picture; `card`: a 3:2 crop around the focal point. "
        "Empty until they are made, shortly after an upload."
    )


class ArticleSummary(Schema):
    id: int
    url: str = Field(description="The article's page on the site.")
    headline: str
    slug: str
    standfirst: str
    kind: str = Field(description="news, opinion, analysis, review or sponsored.")
    published_at: datetime
    updated_at: datetime
    sections: list[Named]
    authors: list[Named]
    byline: list[str] = Field(description="As printed: the authors, or the wire byline.")
    source: Named | None
    image: Image | None


class Correction(Schema):
    kind: str = Field(description="correction or update.")
    text: str
    created_at: datetime


class ArticleDetail(ArticleSummary):
    body_html: str = Field(description="Sanitised HTML, as shown on the site.")
    sponsor: str = ""
    tags: list[Named]
    corrections: list[Correction]
    original_url: str = Field("", description="Wire copy: the agency's original story.")
    comments_open: bool
    comment_count: int = Field(description="Approved comments.")


class Comment(Schema):
    id: int
    parent_id: int | None
    depth: int = Field(description="1 for a top-level comment, 2 for a reply, …")
    name: str
    website: str
    body: str = Field(description="Plain text: escape it before showing it as HTML.")
    submitted_at: datetime
    is_staff_reply: bool


class CommentForm(Schema):
    open: bool
    closed_reason: str | None = None
    token: str | None = Field(
        None,
        description="Send it with the comment. A comment sent within seconds of taking the "
        "token is refused, as on the site's form.",
    )


class CommentIn(Schema):
    name: str = ""
    email: str = Field("", description="Required; never published.")
    website: str = ""
    body: str = ""
    parent: int | None = Field(None, description="The id of the comment this one replies to.")
    token: str | None = Field(None, description="From GET …/comments/form.")


class CommentReceived(Schema):
    id: int
    status: str = Field(
        description="`approved`: published now; `pending`: it appears once a moderator approves it."
    )


class Refusal(Schema):
    detail: str
    errors: dict[str, list[str]] = {}
    token: str | None = Field(None, description="A fresh token to send the comment again with.")


class Error(Schema):
    detail: str


def page_of(item):
    """The schema of a page of ``item``s."""
    return type(
        f"{item.__name__}Page",
        (Schema,),
        {
            "__annotations__": {"items": list[item], "next": str | None, "next_cursor": str | None},
            "next": Field(description="The next page's address; null on the last page."),
            "next_cursor": Field(description="The same page as a ?cursor= value."),
        },
    )
