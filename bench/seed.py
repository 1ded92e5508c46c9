"""
Seed a realistic newsroom for the benchmark, with bulk inserts.

100,000 articles over ten years, 40 categories, 2,000 tags, 20 sources and
1,000,000 comments (ten articles with 600 in threads, one with exactly 50).
Runs in minutes on PostgreSQL; an existing seed of the same size is reused.

    DATABASE_URL=postgres://... python -m bench.seed [--articles N --comments N]
    DATABASE_URL=postgres://... python -m bench.seed --remove-posted   # only that

Reusing a seed also deletes what the comment-POST scenario (bench/run.py) posted, so a
run never measures the pages an earlier run left thousands of held comments on.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta

WORDS = (
    "council river coca growers court police election budget market road water mining "
    "festival coffee cacao harvest bridge mayor governor school hospital radio debate "
    "valley highland district farmers prices rain drought trial permit report ministry "
    "community teachers clinic transport tourism forest reform protest agreement vote "
    "regional national local weekly annual public private new old first last major"
).split()
MARK = "bench-"  # every seeded slug starts with this
POSTED = "Benchmark comment"  # how every comment the comment-POST scenario sends begins


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=4):
    return " ".join(sentence(rng) for _ in range(sentences))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument(
        "--remove-posted",
        action="store_true",
        help="only delete the comments earlier comment-POST runs left; print how many",
    )
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from articles.models import Article

    if connection.vendor == "postgresql":
        # Not a web request: the counts and VACUUM below take longer than one may.
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
    # Bulk inserts skip save() and signals on purpose; the page cache starts cold anyway.
    for signal in (post_save, post_delete, m2m_changed):
        signal.receivers = []

    if options.remove_posted:
        print(json.dumps({"removed": remove_posted()}))
        return
    existing = Article.objects.filter(slug__startswith=MARK).count()
    if existing >= options.articles:
        print(f"Reusing the existing seed: {existing} articles.")
        removed = remove_posted()
        if removed:
            print(f"Deleted {removed} comments left by earlier comment-POST runs.")
        add_rare_word()
        return
    if existing:
        sys.exit(f"A partial seed of {existing} articles exists: drop the database and rerun.")
    started = time.monotonic()
    seed(options.articles, options.comments)
    add_rare_word()
    print(f"Seeded in {time.monotonic() - started:.0f} s.")


def seed(n_articles, n_comments):
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, Author, Category, Source, TaggedArticle
    from comments.models import Comment, body_fingerprint

    rng = random.Random(2026)
    now = timezone.now()
    with transaction.atomic():
        sources = Source.objects.bulk_create(
            Source(name=f"Agency {n}", slug=f"{MARK}agency-{n}") for n in range(20)
        )
        mains = Category.objects.bulk_create(
            Category(name=f"Section {n}", slug=f"{MARK}section-{n}", position=n) for n in range(10)
        )
        subs = Category.objects.bulk_create(
            Category(name=f"Desk {n}", slug=f"{MARK}desk-{n}", parent=mains[n % 10])
            for n in range(30)
        )
        categories = mains + subs
        tags = Tag.objects.bulk_create(
            Tag(name=f"topic {n}", slug=f"{MARK}topic-{n}") for n in range(2000)
        )
        authors = Author.objects.bulk_create(
            Author(name=f"Reporter {n}", slug=f"{MARK}reporter-{n}") for n in range(30)
        )
    print("Taxonomy done.")

    span = timedelta(days=3650).total_seconds()
    batch = 5000
    for start in range(0, n_articles, batch):
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                Article(
                    headline=sentence(rng, 8)[:-1],
                    slug=f"{MARK}{n}",
                    standfirst=sentence(rng, 20),
                    body="".join(
                        f"<p>{paragraph(rng)}</p>" + ("<h2>More</h2>" if i == 1 else "")
                        for i in range(4)
                    ),
                    source=sources[n % 20] if n % 3 == 0 else None,
                    byline="" if n % 3 else "Wire staff",
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(seconds=span * n / n_articles + 60),
                    is_featured=n % 50 == 0,
                )
                for n in range(start, min(start + batch, n_articles))
            )
            Article.categories.through.objects.bulk_create(
                Article.categories.through(article_id=a.pk, category_id=c.pk)
                for a in articles
                for c in rng.sample(categories, 2)
            )
            Article.authors.through.objects.bulk_create(
                Article.authors.through(article_id=a.pk, author_id=rng.choice(authors).pk)
                for a in articles
                if a.byline == ""
            )
            TaggedArticle.objects.bulk_create(
                TaggedArticle(content_object_id=a.pk, tag_id=t.pk)
                for a in articles
                for t in rng.sample(tags, 4)
            )
        print(f"Articles: {start + len(articles)}")

    ids = list(Article.objects.filter(slug__startswith=MARK).values_list("pk", flat=True))
    ids.sort()
    busy = ids[:10]  # the newest ten: 600 comments each, in threads
    fifty = ids[10]  # exactly 50
    rest = ids[11:]
    made = 0

    def comment(article_id, n, parent=None):
        body = f"{sentence(rng, 15)} ({article_id}-{n})"
        return Comment(
            article_id=article_id,
            parent_id=parent.pk if parent else None,
            thread_id=(parent.thread_id or parent.pk) if parent else None,
            depth=parent.depth + 1 if parent else 1,
            name=f"Reader {n}",
            email=f"reader{n % 5000}@example.org",
            body=body,
            body_hash=body_fingerprint(body),
            status=Comment.Status.APPROVED if n % 20 else Comment.Status.PENDING,
            submitted_at=now - timedelta(minutes=n),
            ip_address=f"198.51.100.{n % 250}",
        )

    def comments_for(article_id, count, parents=None):
        if parents:
            return [comment(article_id, count + n, p) for n, p in enumerate(parents)]
        return [comment(article_id, n) for n in range(count)]

    with transaction.atomic():
        for article_id in busy:
            top = Comment.objects.bulk_create(comments_for(article_id, 200))
            replies = Comment.objects.bulk_create(
                comments_for(article_id, 200, parents=[rng.choice(top) for _ in range(400)])
            )
            made += len(top) + len(replies)
        Comment.objects.bulk_create(comments_for(fifty, 50))
        made += 50
    remaining = max(n_comments - made, 0)
    per_article = remaining // len(rest)
    extra = remaining - per_article * len(rest)
    pending = []
    for index, article_id in enumerate(rest):
        pending.extend(comments_for(article_id, per_article + (1 if index < extra else 0)))
        if len(pending) >= 20_000:
            Comment.objects.bulk_create(pending, batch_size=5000)
            made += len(pending)
            pending = []
            print(f"Comments: {made}", end="\r")
    Comment.objects.bulk_create(pending, batch_size=5000)
    made += len(pending)
    print(f"Comments: {made}")

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article a SET approved_comment_count = c.n FROM "
            "(SELECT article_id, count(*) n FROM comments_comment WHERE status = 'approved' "
            "GROUP BY article_id) c WHERE c.article_id = a.id"
        )
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")


def remove_posted():
    """Delete the comments the comment-POST scenario posted; return how many there were.

    It posts to the 50-comment article, which the delivery rows then measure: left there,
    its thousands of held comments would be measured too, in every later run.
    """
    from comments.models import Comment
    from comments.moderation import recount

    posted = Comment.objects.filter(body__startswith=POSTED)
    articles = set(posted.order_by().values_list("article_id", flat=True).distinct())
    if not articles:
        return 0
    removed = posted.count()
    posted.delete()  # with any reply a moderator gave them
    for article_id in articles:
        recount(article_id)
    return removed


RARE_WORD = "Ollantaytambo"


def add_rare_word():
    """Put one rare word into ten headlines, for the "rare word" search benchmark."""
    from articles.models import Article

    slugs = [f"{MARK}{n}" for n in range(7, 100_000, 10_000)]
    for article in Article.objects.filter(slug__in=slugs).exclude(headline__contains=RARE_WORD):
        Article.objects.filter(pk=article.pk).update(headline=f"{article.headline} in {RARE_WORD}")


if __name__ == "__main__":
    main()
