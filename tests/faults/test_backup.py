"""dumpdata/loaddata (any database, the SQLite way to back up) round-trips the newsroom."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment
from tests.articles.images import tiny_png
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What the README's backup command leaves out: rebuilt by migrate, or not worth keeping.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def snapshot():
    return sorted(
        (
            a.headline,
            a.slug,
            a.status,
            a.image.name,
            a.source.name if a.source else None,
            tuple(sorted(c.name for c in a.categories.all())),
            tuple(sorted(a.tags.names())),
            a.approved_comment_count,
            tuple(
                (c.name, c.email, c.body, c.status, c.held_reason, c.parent_id is not None)
                for c in Comment.objects.filter(article=a).order_by("pk")
            ),
        )
        for a in Article.objects.all()
    )


def test_dumpdata_and_loaddata_round_trip(tmp_path):
    article = ArticleFactory(
        source=SourceFactory(name="Andina"),
        categories=[CategoryFactory(name="Courts")],
        tags=["Coca leaf"],
    )
    article.image.save("court.png", ContentFile(tiny_png()), save=True)
    ArticleFactory(status="draft", published_at=None, headline="A draft")
    top = CommentFactory(article=article, body="Approved comment")
    CommentFactory(article=article, parent=top, status="pending", held_reason="First comment.")
    CommentFactory(article=article, status="spam", body="Spam stays spam")
    before = snapshot()

    backup = tmp_path / "newsroom.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--indent",
        "1",
        *[f"--exclude={label}" for label in EXCLUDE],
        output=str(backup),
    )
    call_command("flush", interactive=False)
    assert not Article.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)

    assert snapshot() == before
