"""
A WordPress export brought into the newsroom: see ``manage.py import_wordpress --help``
and the README's "Moving from WordPress" section.

The file is read twice, as a stream. The first pass checks the whole file and notes the
attachments (featured images may be listed after the posts that use them), so that a
damaged file is refused before anything is written. The second pass imports in batches
of posts, each batch one transaction together with the ``ImportedItem`` rows that record
it: an interrupted import leaves whole batches and resumes after them, and a second run
of the same file finds everything recorded and changes nothing. Each post is also its own
savepoint, so one post that cannot be imported is reported and the others go in.

Authors become bylines (``articles.Author``) each linked to an inactive staff account
holding their login name and email, with no password: an administrator activates the
accounts of the people who will go on writing and sets their roles; nothing imported can
log in until then, and no email address is published.
"""

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import EmailValidator, URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone
from taggit.models import Tag

from articles import pagekeys
from articles.library import file_featured_image
from articles.models import Article, Author, Category, OldAddress, TaggedArticle
from articles.sanitize import sanitize_body
from articles.tasks import generate_renditions
from comments import moderation
from comments.models import Comment, body_fingerprint
from newsroom import pagecache
from newsroom.slugs import slug_for, unique_slug
from newsroom.tasks import enqueue_after_commit
from pages import pagekeys as page_keys
from pages.models import Page

from . import wxr
from .content import BodyConverter, plain_text
from .media import MediaLibrary
from .models import ImportedItem
from .report import Report

Kind = ImportedItem.Kind
BATCH = 100  # posts per transaction: an interruption loses at most this much work
MAX_BODY = 2_000_000  # characters; a longer "post" is almost always a pasted file
ARTICLE_STATUS = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
}
LEFT_OUT = {
    "private": "private posts (only their authors could read them)",
    "trash": "posts in WordPress's bin",
    "auto-draft": "automatic drafts WordPress saved while writing",
    "inherit": "revisions",
}
COMMENT_STATUS = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
_ZERO_DATE = "0000-00-00 00:00:00"
_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


@dataclass
class Attachment:
    url: str
    file: str
    alt: str
    caption: str
    title: str
    credit: str


class Interrupted(Exception):
    pass


def wp_datetime(local, gmt):
    """An aware datetime from WordPress's pair of dates: the UTC one when WordPress set
    it (drafts have none), else the local one read in the site's time zone."""
    for text, zone in ((gmt, ZoneInfo("UTC")), (local, ZoneInfo(settings.TIME_ZONE))):
        if text and text != _ZERO_DATE:
            try:
                return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M:%S"), zone)
            except ValueError:
                continue
    return None


def old_path(link):
    """The path (and query) of an address on the old site, as our requests see it."""
    parts = urlsplit(link)
    path = unquote(parts.path) or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _credit(serialized):
    # _wp_attachment_metadata is PHP-serialised; the credit is one string in it.
    match = re.search(r's:6:"credit";s:\d+:"([^"]*)"', serialized or "")
    return match.group(1) if match else ""


def survey(path, *, encoding=None, progress=None):
    """First pass: read the whole file (raising ExportError if it is damaged); return
    the number of posts and pages, and the attachments by WordPress id."""
    total, attachments = 0, {}
    for record in wxr.read_export(path, encoding=encoding):
        if isinstance(record, wxr.Item):
            if record.type == "attachment":
                attachments[record.wp_id] = Attachment(
                    url=record.attachment_url,
                    file=record.meta.get("_wp_attached_file", ""),
                    alt=record.meta.get("_wp_attachment_image_alt", ""),
                    caption=plain_text(record.excerpt),
                    title=record.title,
                    credit=_credit(record.meta.get("_wp_attachment_metadata")),
                )
            elif record.type in ("post", "page"):
                total += 1
                if progress and total % 500 == 0:
                    progress(0, None)
    return total, attachments


class Importer:
    def __init__(self, path, *, media_dir=None, dry_run=False, encoding=None, progress=None):
        self.path = path
        self.encoding = encoding
        self.dry_run = dry_run
        self.report = Report(path, dry_run=dry_run)
        self.media = MediaLibrary(media_dir, dry_run=dry_run)
        self.report.media_dir = media_dir
        self.progress = progress or (lambda done, total: None)
        self.site = ""
        self.authors = {}  # login -> Author
        self.categories = {}  # WordPress slug -> Category
        self.tags = {}  # WordPress slug -> Tag
        self.terms = []
        self.wp_authors = []
        self.taxonomy_done = False
        self.content_types = {}

    # The whole run.

    def run(self):
        """Import the file; return the report. ExportError for a damaged file, with
        nothing written; Interrupted (report attached) on Ctrl-C, with whole batches kept."""
        try:
            self.total, self.attachments = survey(self.path, encoding=self.encoding)
            self.report.attachments = len(self.attachments)
            self.done = 0
            with transaction.atomic() if self.dry_run else _nothing():
                self._import_records()
                if self.dry_run:
                    transaction.set_rollback(True)
        except KeyboardInterrupt:
            self.report.interrupted = True
            raise Interrupted from None
        if not self.dry_run and self.report.changed_anything():
            # Lists, navigation, sitemaps and page links all may show what came in.
            pagecache.purge(
                pagekeys.ARTICLES, pagekeys.TAXONOMY, page_keys.LINKS, page_keys.SITEMAP
            )
        return self.report

    def _import_records(self):
        batch = []
        for record in wxr.read_export(self.path, encoding=self.encoding):
            if isinstance(record, wxr.Site):
                self.site = (record.base_url or record.link or "unknown site")[:200]
                self.report.site_title, self.report.site_url = record.title, self.site
            elif isinstance(record, wxr.Author):
                self.wp_authors.append(record)
            elif isinstance(record, wxr.Term):
                self.terms.append(record)
            elif isinstance(record, wxr.BadItem):
                self.report.problem("item", record.wp_id, record.reason)
            elif record.type in ("post", "page"):
                self._taxonomy()
                batch.append(record)
                if len(batch) >= BATCH:
                    self._batch(batch)
                    batch = []
            elif record.type != "attachment":
                self.report.skipped[f"WordPress “{record.type}” items (no equivalent here)"] += 1
        self._taxonomy()
        if batch:
            self._batch(batch)

    def _batch(self, items):
        with transaction.atomic(), pagecache.batch():
            try:
                with transaction.atomic():
                    tally = self._write(items)
            except DatabaseError:
                # The database refused one of them: again one by one, to keep the others.
                tally = Report(self.path)
                for item in items:
                    try:
                        with transaction.atomic():
                            tally.merge(self._write([item]))
                    except DatabaseError as error:
                        tally.problem(item.type, item.wp_id, _reason(error))
        self.report.merge(tally)
        self.done += len(items)
        self.progress(self.done, self.total)

    def _write(self, items):
        """Import ``items`` with a few statements per kind of row; return their tally."""
        tally = Report(self.path)
        self.writes = Writes()
        known = self._known(
            [Kind.POST if i.type == "post" else Kind.PAGE for i in items],
            [i.wp_id for i in items],
        )
        seen_posts = [i for i in items if i.type == "post" and (Kind.POST, i.wp_id) in known]
        self.known_comments = self._known(
            [Kind.COMMENT], [c.wp_id for i in seen_posts for c in i.comments if c.wp_id]
        )
        wanted = [_wanted_slug(i) for i in items if i.type == "post"]
        self.taken = set(Article.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        for item in items:
            self.tally = Report(self.path)
            mark = self.writes.mark()
            try:
                if item.type == "post":
                    self._post(item, known.get((Kind.POST, item.wp_id)))
                else:
                    self._page(item, (Kind.PAGE, item.wp_id) in known)
            except (ValidationError, ValueError, OSError) as error:
                self.writes.rewind(mark)  # nothing of a failed post is stored
                tally.problem(item.type, item.wp_id, _reason(error))
            else:
                tally.merge(self.tally)
        self.tally = tally
        self._flush()
        return tally

    def _flush(self):
        """Store what the batch's posts made, in bulk. Articles go in without ``save()``
        (``tidy()`` does what it would); the cache is purged for them here, once."""
        w = self.writes
        for article in w.articles:
            article.tidy()
            if article.image:
                file_featured_image(article)  # the picture joins the media library too
        Article.objects.bulk_create(w.articles)
        # An archive story was written and last edited when WordPress says, not today
        # (readers would see "Updated" on every one); bulk_update leaves the times as set.
        for article in w.articles:
            article.created_at, article.updated_at = article.wp_times
        Article.objects.bulk_update(w.articles, ["created_at", "updated_at"])
        for article, categories, tags, authors in w.relations:
            w.categories += [
                Article.categories.through(article=article, category=c) for c in categories
            ]
            w.tags += [TaggedArticle(content_object=article, tag=t) for t in tags]
            w.authors += [Article.authors.through(article=article, author=a) for a in authors]
            if article.status == Article.Status.PUBLISHED:
                w.keys |= pagekeys.lists_showing(
                    article,
                    sections=[(c.pk, c.parent_id) for c in categories],
                    tags=[t.pk for t in tags],
                    authors=[a.pk for a in authors],
                )
            if article.image and not self.dry_run:
                enqueue_after_commit(generate_renditions, article.pk)
        Article.categories.through.objects.bulk_create(w.categories)
        TaggedArticle.objects.bulk_create(w.tags)
        Article.authors.through.objects.bulk_create(w.authors)
        for comment, _ in w.comments:
            comment.article = comment.article  # its primary key is known now
        moderation.import_all(w.comments)
        ImportedItem.objects.bulk_create(
            ImportedItem(site=self.site, kind=kind, wp_id=wp_id, object_id=obj.pk if obj else None)
            for kind, wp_id, obj in w.records
        )
        self._store_redirects(w.redirects)
        if w.keys:
            pagecache.purge(*w.keys)
        if any(a.status == Article.Status.PUBLISHED for a in w.articles):
            pagecache.schedule_changed()
        self.writes = Writes()

    def _store_redirects(self, redirects):
        paths = {}
        for path, target in redirects:
            paths.setdefault(path, target)  # the first to claim an old address keeps it
        taken = set(OldAddress.objects.filter(path__in=paths).values_list("path", flat=True))
        new = [
            OldAddress(path=path, content_type=self._content_type(target), object_id=target.pk)
            for path, target in paths.items()
            if path not in taken
        ]
        OldAddress.objects.bulk_create(new)
        self.tally.new["redirect"] += len(new)

    def _content_type(self, target):
        model = type(target)
        if model not in self.content_types:
            self.content_types[model] = ContentType.objects.get_for_model(model)
        return self.content_types[model]

    # Records of what was imported.

    def _known(self, kinds, wp_ids):
        rows = ImportedItem.objects.filter(
            site=self.site, kind__in=set(kinds), wp_id__in=wp_ids
        ).values_list("kind", "wp_id", "object_id")
        return {(kind, wp_id): object_id for kind, wp_id, object_id in rows}

    def _record(self, kind, wp_id, obj):
        self.writes.records.append((kind, wp_id, obj))

    def _redirect(self, path, target, current):
        """Leave ``path`` of the old site pointing at ``target``, unless it already is its
        address here or another old address holds it (stored with the batch)."""
        if path and path != current and len(path) <= 500:
            self.writes.redirects.append((path, target))

    # Authors, sections and tags: all listed at the top of the file, imported at once.

    def _taxonomy(self):
        if self.taxonomy_done:
            return
        self.taxonomy_done = True
        tally = Report(self.path)
        with transaction.atomic(), pagecache.batch():
            self.tally, self.writes = tally, Writes()
            for author in self.wp_authors:
                self._one("author", author.login, self._author, author)
            categories = {t.slug: t for t in self.terms if t.taxonomy == "category" and t.slug}
            for term in sorted(categories.values(), key=lambda t: len(_ancestry(t, categories))):
                self._one("category", term.slug, self._category, term, categories)
            for term in self.terms:
                if term.taxonomy == "post_tag" and term.slug and term.slug not in self.tags:
                    self._one("tag", term.slug, self._tag, term)
            self._flush()
        self.report.merge(tally)

    def _one(self, kind, wp_id, step, *args):
        """Run ``step`` in a savepoint: a term the database refuses is reported, and its
        posts simply arrive without it."""
        mark = self.writes.mark()
        try:
            with transaction.atomic():
                step(*args)
        except (DatabaseError, ValidationError, ValueError) as error:
            self.writes.rewind(mark)
            self.tally.problem(kind, wp_id, _reason(error))

    def _author(self, wp):
        login = wp.login.strip()
        if not login:
            return
        known = self._known([Kind.AUTHOR], [login])
        if (Kind.AUTHOR, login) in known:
            author = Author.objects.filter(pk=known[(Kind.AUTHOR, login)]).first()
            if author:
                self.authors[login] = author
                self.tally.existing["author"] += 1
                return
        name = wp.display_name or " ".join(filter(None, [wp.first_name, wp.last_name])) or login
        slug = slug_for(login, max_length=120)
        author = Author.objects.filter(slug=slug).first() if slug else None
        if author:
            self.tally.reused["author"] += 1
        else:
            users = get_user_model().objects
            username = login[:150]
            if users.filter(username=username).exists():
                username = f"wp-{login}"[:150]
            user = users.filter(username=username).first()
            if user is None:
                user = users.create(
                    username=username,
                    email=wp.email if _valid(_email, wp.email) else "",
                    first_name=wp.first_name[:150],
                    last_name=wp.last_name[:150],
                    is_active=False,
                    is_staff=True,
                )
                user.set_unusable_password()
                user.save(update_fields=["password"])
            author = Author(name=name[:120], user=user if not hasattr(user, "author") else None)
            author.slug = unique_slug(Author, login, max_length=120, fallback="author")
            author.save()
            self.tally.new["author"] += 1
        self.authors[login] = author
        self._record(Kind.AUTHOR, login, author)
        current = author.get_absolute_url()
        self._redirect(f"/author/{login}/", author, current)
        if wp.wp_id:
            self._redirect(f"/?author={wp.wp_id}", author, current)

    def _category(self, term, by_slug):
        ancestry = _ancestry(term, by_slug)
        known = self._known([Kind.CATEGORY], [term.slug])
        category = None
        if (Kind.CATEGORY, term.slug) in known:
            category = Category.objects.filter(pk=known[(Kind.CATEGORY, term.slug)]).first()
            if category:
                self.tally.existing["category"] += 1
        if category is None:
            slug = slug_for(unquote(term.slug), max_length=100)
            name = (term.name or unquote(term.slug)).strip()[:100]
            category = Category.objects.filter(slug=slug).first() if slug else None
            if category:
                self.tally.reused["category"] += 1
            else:
                parent = self.categories.get(ancestry[0].slug) if len(ancestry) > 1 else None
                if parent is not None and parent.parent_id:
                    parent = parent.parent  # one level of subsections here
                if len(ancestry) > 2:
                    path = " › ".join(t.name or t.slug for t in ancestry)
                    self.tally.note(
                        "Sections flattened (we have main sections and one level below)",
                        f"{path} is now a subsection of {parent.name if parent else 'nothing'}",
                    )
                if Category.objects.filter(name=name).exists():
                    name = f"{name} ({parent.name})"[:100] if parent else f"{name} (WordPress)"
                category = Category(name=name, parent=parent, description=term.description)
                category.slug = unique_slug(Category, slug or name, max_length=100)
                category.save()
                self.tally.new["category"] += 1
            self._record(Kind.CATEGORY, term.slug, category)
        self.categories[term.slug] = category
        current = category.get_absolute_url()
        self._redirect(
            "/category/" + "/".join(unquote(t.slug) for t in ancestry) + "/", category, current
        )
        self._redirect(f"/category/{unquote(term.slug)}/", category, current)
        if term.wp_id:
            self._redirect(f"/?cat={term.wp_id}", category, current)

    def _tag(self, term):
        known = self._known([Kind.TAG], [term.slug])
        tag = None
        if (Kind.TAG, term.slug) in known:
            tag = Tag.objects.filter(pk=known[(Kind.TAG, term.slug)]).first()
            if tag:
                self.tally.existing["tag"] += 1
        if tag is None:
            name = " ".join((term.name or unquote(term.slug)).split())[:100]
            slug = slug_for(name, max_length=100)
            tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
            if tag:
                self.tally.reused["tag"] += 1
            else:
                tag = Tag.objects.create(name=name)
                self.tally.new["tag"] += 1
            self._record(Kind.TAG, term.slug, tag)
        self.tags[term.slug] = tag
        self._redirect(f"/tag/{unquote(term.slug)}/", tag, f"/tag/{tag.slug}/")
        self._redirect(f"/?tag={term.slug}", tag, None)

    # Posts.

    def _post(self, item, known_pk):
        status = ARTICLE_STATUS.get(item.status)
        if status is None:
            self.tally.skipped[LEFT_OUT.get(item.status, f"posts with status “{item.status}”")] += 1
            if item.comments:
                self.tally.skipped["comments on the posts left out"] += len(item.comments)
            return
        if known_pk is not None:
            self.tally.existing["post"] += 1
            ids = [c.wp_id for c in item.comments if c.wp_id]
            if all((Kind.COMMENT, wp_id) in self.known_comments for wp_id in ids):
                # The usual second run: nothing new here, known without a query of its own.
                self.tally.existing["comment"] += sum(
                    self.known_comments[(Kind.COMMENT, wp_id)] is not None for wp_id in ids
                )
                return
            article = Article.objects.filter(pk=known_pk).first()
            if article is not None:
                self._comments(item, article, new_article=False)
            return
        if len(item.content) > MAX_BODY:
            raise ValueError(
                f"its text is {len(item.content) / 1_000_000:.1f} million characters long, more "
                f"than the {MAX_BODY // 1_000_000} million an article may hold; import it by hand"
            )
        article = Article(status=status)
        self._fill_article(article, item)
        categories = list(
            {
                self.categories[s]: None
                for d, s, _ in item.terms
                if d == "category" and s in self.categories
            }
        )
        tags = list(
            {self.tags[s]: None for d, s, _ in item.terms if d == "post_tag" and s in self.tags}
        )
        authors = [self.authors[item.creator]] if item.creator in self.authors else []
        self.writes.articles.append(article)
        self.writes.relations.append((article, categories, tags, authors))
        self._record(Kind.POST, item.wp_id, article)
        self.tally.new["post"] += 1
        self.tally.article_states["scheduled" if article.is_scheduled() else article.status] += 1
        current = article.get_absolute_url()
        self._redirect(f"/?p={item.wp_id}", article, current)
        if item.link:
            self._redirect(old_path(item.link), article, current)
        self._comments(item, article, new_article=True)

    def _fill_article(self, article, item):
        headline = " ".join(plain_text(item.title).split())
        if not headline:
            headline = (
                plain_text(item.excerpt or item.content, limit=80) or f"Untitled ({item.wp_id})"
            )
            self.tally.note(
                "Posts without a title (one was made from their text)",
                f"post {item.wp_id}: “{headline}”",
            )
        if len(headline) > 200:
            self.tally.note("Titles shortened to 200 characters", f"post {item.wp_id}")
            headline = headline[:199] + "…"
        article.headline = headline
        wanted = _wanted_slug(item)
        article.slug = wanted
        n = 1
        while article.slug in self.taken:
            n += 1
            article.slug = f"{wanted[:190]}-{n}"
        if n > 1:
            if Article.objects.filter(slug=article.slug).exists():
                article.slug = unique_slug(Article, article.slug, max_length=200)
            self.tally.note(
                "Addresses already taken (the post got another; its old address redirects)",
                f"post {item.wp_id}: “{wanted}” → “{article.slug}”",
            )
        self.taken.add(article.slug)
        converter = BodyConverter(lambda src: self.media.url(src))
        article.body = converter.convert(item.content)
        self.tally.shortcodes.update(converter.removed_shortcodes)
        for src in converter.missing_images:
            self.tally.note(
                "Images in texts not found in the media folder (left out)",
                f"post {item.wp_id}: {src}",
            )
        article.standfirst = plain_text(item.excerpt, limit=400)
        if article.status != Article.Status.DRAFT and item.password:
            article.status = Article.Status.DRAFT
        if item.password:
            self.tally.note(
                "Password-protected posts (imported as drafts, so they do not become public)",
                f"post {item.wp_id}: {headline}",
            )
        if article.status == Article.Status.PUBLISHED:
            article.published_at = wp_datetime(item.date, item.date_gmt)
        written = wp_datetime(item.date, item.date_gmt) or timezone.now()
        edited = wp_datetime(item.modified, item.modified_gmt)
        article.wp_times = (written, max(edited or written, written))
        article.is_featured = item.sticky
        article.allow_comments = item.comment_status != "closed"
        if item.creator and item.creator not in self.authors:
            article.byline = item.creator[:200]
        self._featured_image(article, item)

    def _featured_image(self, article, item):
        thumbnail = item.meta.get("_thumbnail_id", "")
        if not thumbnail:
            return
        attachment = self.attachments.get(thumbnail)
        if attachment is None:
            self.tally.note(
                "Featured images missing from the export",
                f"post {item.wp_id}: attachment {thumbnail}",
            )
            return
        relative = self.media.find(attachment.file, attachment.url)
        if relative is None:
            self.tally.note(
                "Featured images not found in the media folder",
                f"post {item.wp_id}: {attachment.file or attachment.url}",
            )
            return
        article.image_alt = (attachment.alt or attachment.title or article.headline)[:250]
        article.image_caption = attachment.caption[:300]
        article.image_credit = attachment.credit[:150]
        if self.dry_run:
            self.tally.new["image"] += 1
            return
        with self.media.open(relative) as source:
            article.image.save(relative.rsplit("/", 1)[-1], File(source), save=False)
        self.tally.new["image"] += 1

    # Comments.

    def _comments(self, item, article, *, new_article):
        wanted = [c for c in item.comments if c.wp_id]
        if not wanted:
            return
        known = {} if new_article else self._known([Kind.COMMENT], [c.wp_id for c in wanted])
        by_wp_id = {}
        if known:
            wp_id_of = {pk: wp_id for (_, wp_id), pk in known.items() if pk}
            for comment in Comment.objects.filter(pk__in=wp_id_of):
                by_wp_id[wp_id_of[comment.pk]] = comment
        seen = set()
        if not new_article:
            seen = set(Comment.objects.filter(article=article).values_list("email", "body_hash"))
        decided, records = [], []
        for wp in wanted:
            if (Kind.COMMENT, wp.wp_id) in known:
                if known[(Kind.COMMENT, wp.wp_id)] is not None:  # not a skipped pingback
                    self.tally.existing["comment"] += 1
                continue
            if wp.type in ("pingback", "trackback"):
                self.tally.skipped["pingbacks and trackbacks (notices from other sites)"] += 1
                records.append((wp.wp_id, None))
                continue
            body = plain_text(wp.content)
            if not body:
                self.tally.problem("comment", wp.wp_id, "it has no text")
                continue
            status = COMMENT_STATUS.get(wp.approved)
            if status is None:
                status = Comment.Status.PENDING
                self.tally.note(
                    "Comments with an unknown status (put in the moderation queue)",
                    f"comment {wp.wp_id}: “{wp.approved}”",
                )
            email = (
                wp.email.strip()
                if _valid(_email, wp.email.strip()) and len(wp.email) <= 100
                else ""
            )
            fingerprint = (email, body_fingerprint(body))
            if fingerprint in seen:
                self.tally.skipped["comments repeated word for word by the same person"] += 1
                records.append((wp.wp_id, None))
                continue
            seen.add(fingerprint)
            comment = Comment(
                article=article,
                name=(" ".join(plain_text(wp.author).split()) or "Anonymous")[:245],
                email=email,
                website=wp.url.strip()
                if _valid(_url, wp.url.strip()) and len(wp.url) <= 200
                else "",
                body=body,
                submitted_at=wp_datetime(wp.date, wp.date_gmt)
                or article.published_at
                or timezone.now(),
                ip_address=_ip(wp.ip),
            )
            comment.wp_parent = wp.parent
            by_wp_id[wp.wp_id] = comment
            decided.append((comment, status))
            records.append((wp.wp_id, comment))
            self.tally.comment_states[status] += 1
        for comment, _ in decided:
            parent = by_wp_id.get(comment.wp_parent) if comment.wp_parent not in ("", "0") else None
            comment.parent = parent
        self.writes.comments += decided
        self.tally.new["comment"] += len(decided)
        self.writes.records += [(Kind.COMMENT, wp_id, c) for wp_id, c in records]

    # Pages.

    def _page(self, item, known):
        if known:
            self.tally.existing["page"] += 1
            return
        if any(c.type not in ("pingback", "trackback") for c in item.comments):
            self.tally.skipped["comments on pages (pages here take no comments)"] += sum(
                c.type not in ("pingback", "trackback") for c in item.comments
            )
        if item.status not in ("publish", "draft", "pending", "future"):
            self.tally.skipped[
                LEFT_OUT.get(item.status, f"pages with status “{item.status}”").replace(
                    "posts", "pages"
                )
            ] += 1
            return
        title = " ".join(plain_text(item.title).split())[:120] or f"Untitled ({item.wp_id})"
        page = Page(
            title=title,
            summary=plain_text(item.excerpt, limit=300),
            is_published=item.status == "publish" and not item.password,
            in_footer=False,
            position=0,
        )
        # Pages take no pictures in their text: each is listed as left out.
        converter = BodyConverter(lambda src: None, sanitize=sanitize_body)
        page.body = converter.convert(item.content)
        for src in converter.missing_images:
            self.tally.note(
                "Pictures in pages (pages here take none; left out)", f"page {item.wp_id}: {src}"
            )
        self.tally.shortcodes.update(converter.removed_shortcodes)
        wanted = slug_for(unquote(item.slug), max_length=116) or slug_for(title, max_length=116)
        slug = wanted or "page"
        n = 1
        while Page.objects.filter(slug=slug).exists() or not Page.reachable_at(f"/{slug}/"):
            n += 1
            slug = f"{wanted or 'page'}-{n}"
        if slug != wanted:
            self.tally.note(
                "Page addresses already taken (the page got another; its old address redirects)",
                f"page {item.wp_id}: “{wanted}” → “{slug}”",
            )
        page.slug = slug
        page.save()
        self._record(Kind.PAGE, item.wp_id, page)
        self.tally.new["page"] += 1
        current = page.get_absolute_url()
        self._redirect(f"/?page_id={item.wp_id}", page, current)
        if item.link:
            self._redirect(old_path(item.link), page, current)


def _wanted_slug(item):
    """The slug a post asks for: its WordPress one, else one made from its title."""
    return (
        slug_for(unquote(item.slug), max_length=200)
        or slug_for(plain_text(item.title), max_length=196)
        or f"post-{item.wp_id}"
    )


def _reason(error):
    messages = getattr(error, "messages", None) or [str(error).strip().splitlines()[0]]
    return "; ".join(messages)[:300]


class Writes:
    """What a batch stores in bulk at its end (``Importer._flush``)."""

    def __init__(self):
        self.articles = []
        self.relations = []  # (article, categories, tags, authors)
        self.categories, self.tags, self.authors = [], [], []
        self.comments = []  # (comment, status) for moderation.import_all
        self.records = []  # (kind, WordPress id, object or None)
        self.redirects = []  # (old path, target)
        self.keys = set()

    _LISTS = ("articles", "relations", "comments", "records", "redirects")

    def mark(self):
        return {name: len(getattr(self, name)) for name in self._LISTS}

    def rewind(self, mark):
        for name, length in mark.items():
            del getattr(self, name)[length:]


def _ancestry(term, by_slug):
    """The term's line from its top-level category down to itself (cycles cut)."""
    line = [term]
    while line[0].parent and line[0].parent in by_slug and len(line) < 20:
        parent = by_slug[line[0].parent]
        if parent in line:
            break
        line.insert(0, parent)
    return line


def _valid(validator, value):
    if not value:
        return False
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def _ip(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False
