"""
PostgreSQL full-text search: a trigger keeps ``search_document`` in step with
the headline (weight A), standfirst (B) and body (C), and a GIN index serves
queries. SQLite has neither; the search module falls back to LIKE there.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION articles_article_search_document() RETURNS trigger AS $$
BEGIN
  NEW.search_document :=
    setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.standfirst, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_search_document
  BEFORE INSERT OR UPDATE ON articles_article
  FOR EACH ROW EXECUTE FUNCTION articles_article_search_document();

UPDATE articles_article SET headline = headline;

CREATE INDEX articles_article_search_gin ON articles_article USING gin (search_document);
"""

BACKWARD = """
DROP INDEX IF EXISTS articles_article_search_gin;
DROP TRIGGER IF EXISTS articles_article_search_document ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_document();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search_and_redirects")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
