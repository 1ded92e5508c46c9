"""
Query plans of the public pages' heaviest queries on the seeded database.

    DATABASE_URL=postgres://.../newsroom_bench python -m bench.explain > bench/results/plans.txt
"""

import os


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import connection

    from articles.models import Article, Category, Source
    from articles.search import search_articles
    from comments.models import Comment

    section = Category.objects.get(slug="bench-section-1")
    sections = [section.pk, *section.children.values_list("pk", flat=True)]
    through = Article.categories.through
    article = Article.objects.get(slug="bench-0")
    queries = {
        "front page list": Article.objects.published().order_by("-published_at")[:12],
        "lead story": Article.objects.published().filter(is_featured=True)[:1],
        "category archive, page 50": Article.objects.published()
        .filter(pk__in=through.objects.filter(category__in=sections).values("article_id"))
        .order_by("-published_at")[588:600],
        "source archive": Article.objects.published()
        .filter(source=Source.objects.get(slug="bench-agency-3"))
        .order_by("-published_at")[:12],
        "search, common word": search_articles("council")[:12],
        "search, rare word": search_articles("Ollantaytambo")[:12],
        "comment threads of an article": Comment.objects.filter(
            article=article, parent=None, status="approved"
        ).order_by("submitted_at")[:50],
        "moderation queue": Comment.objects.pending().order_by("submitted_at")[:50],
    }
    for name, queryset in queries.items():
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"== {name}\n{plan}\n")


if __name__ == "__main__":
    main()
