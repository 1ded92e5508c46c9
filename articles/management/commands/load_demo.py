import io
import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from PIL import Image, ImageDraw

from articles import demo_content, roles
from articles.models import Article, Author, Category, Source
from articles.signals import demo_loaded

# (username, password, group or None for the superuser)
DEMO_ACCOUNTS = [
    ("admin", "admin-demo", None),
    ("editor", "editor-demo", roles.EDITORS),
    ("writer", "writer-demo", roles.WRITERS),
]


def landscape_jpeg(colour, seed):
    """A 1200×675 picture of hills under a sky in ``colour``: original demo art."""
    # Shapes of hills in a demo picture, not a secret: an ordinary PRNG is right.
    rng = random.Random(seed)  # nosec B311
    width, height = 1200, 675
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    r, g, b = colour
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(int(r + (235 - r) * t), int(g + (220 - g) * t), int(b + (200 - b) * t)),
        )
    draw.ellipse([880, 90, 1010, 220], fill=(250, 236, 190))
    for layer in range(4):
        shade = 0.75 - layer * 0.17
        points = [(0, height)]
        base = 330 + layer * 85
        for x in range(0, width + 100, 100):
            points.append((x, base - rng.randint(0, 140 - layer * 25)))
        points.append((width, height))
        draw.polygon(points, fill=(int(r * shade), int(g * shade), int(b * shade)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load the demo newsroom (and, with DEBUG on, demo accounts). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        self.load_accounts()
        sources = self.load_sources()
        categories = self.load_categories()
        authors = self.load_authors()
        created = self.load_articles(sources, categories, authors)
        # Other apps add their part (the comments app: readers' comments, a moderator).
        demo_loaded.send(sender=self.__class__, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {Article.objects.count()} articles "
                f"({created} new), {len(categories)} categories, {len(sources)} sources."
            )
        )

    def load_accounts(self):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo accounts created.")
            return
        User = get_user_model()
        self.stdout.write("Demo accounts (log in at /admin/):")
        for username, password, group in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = group is None
            user.email = f"{username}@example.org"
            user.set_password(password)
            user.save()
            if group:
                user.groups.set([Group.objects.get(name=group)])
            self.stdout.write(f"  {username:<10} password: {password:<16} {group or 'Superuser'}")

    def load_sources(self):
        return {
            data["slug"]: Source.objects.get_or_create(slug=data["slug"], defaults=data)[0]
            for data in demo_content.SOURCES
        }

    def load_categories(self):
        categories = {}
        for name, slug, parent, position, description in demo_content.CATEGORIES:
            categories[slug], _ = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "parent": categories.get(parent),
                    "position": position,
                    "description": description,
                },
            )
        return categories

    def load_authors(self):
        User = get_user_model()
        authors = {}
        for username, name, slug, bio in demo_content.AUTHORS:
            user = User.objects.filter(username=username).first() if username else None
            role, email, social = demo_content.AUTHOR_PAGES.get(slug, ("", "", ""))
            defaults = {"name": name, "bio": bio, "role": role, "email": email}
            author, _ = Author.objects.get_or_create(
                slug=slug, defaults={**defaults, "social_links": social}
            )
            if user and author.user_id is None:
                author.user = user
                author.save(update_fields=["user"])
            authors[slug] = author
        return authors

    def load_articles(self, sources, categories, authors):
        now = timezone.now()
        created = 0
        for index, data in enumerate(demo_content.ARTICLES):
            if Article.objects.filter(slug=data["slug"]).exists():
                continue
            status = data.get("status", Article.Status.PUBLISHED)
            article = Article(
                headline=data["headline"],
                slug=data["slug"],
                standfirst=data["standfirst"],
                body=data["body"].strip(),
                source=sources.get(data.get("source")),
                byline=data.get("byline", ""),
                status=status,
                published_at=(
                    now - timedelta(hours=data["hours_ago"]) if "hours_ago" in data else None
                ),
                is_featured=data.get("featured", False),
                kind=data.get("kind", Article.Kind.NEWS),
                image_caption=data.get("caption", ""),
                image_credit=data.get("credit", ""),
                image_alt=data.get("alt", ""),
            )
            if "colour" in data:
                article.image.save(
                    f"demo-{data['slug']}.jpg",
                    ContentFile(landscape_jpeg(data["colour"], seed=index)),
                    save=False,
                )
            article.full_clean()
            article.save()
            article.categories.set([categories[slug] for slug in data["categories"]])
            article.authors.set([authors[slug] for slug in data.get("authors", [])])
            article.tags.set(data["tags"])
            # Demo stories were not edited after publication: no "Updated" line.
            Article.objects.filter(pk=article.pk).update(
                updated_at=Coalesce("published_at", "updated_at")
            )
            created += 1
        self.insert_inline_pictures()
        return created

    def insert_inline_pictures(self):
        """Put a library picture before the first subheading of the stories that ask for one."""
        for data in demo_content.ARTICLES:
            article = Article.objects.filter(slug=data["slug"]).first()
            other = Article.objects.filter(slug=data.get("inline_picture", "")).first()
            if article is None or other is None or other.library_image is None:
                continue
            if "<figure>" in article.body:
                continue
            item = other.library_image
            figure = format_html(
                '<figure><img src="{}" alt="{}" data-file="{}">'
                "<figcaption>{}</figcaption></figure>",
                item.file.url,
                item.alt,
                item.pk,
                item.caption,
            )
            before, heading, after = article.body.partition("<h2>")
            article.body = f"{before}{figure}{heading}{after}"
            article.save(update_fields=["body"])
