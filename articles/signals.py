"""Anything readers can see changed: refresh the cached pages (newsroom/pagecache.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag

from newsroom.pagecache import content_changed

from .models import Article, Author, Category, Source, TaggedArticle


def _changed(**kwargs):
    content_changed()


def _m2m_changed(action, **kwargs):
    if action.startswith("post_"):
        content_changed()


def connect():
    for model in (Article, Category, Source, Author, Tag, TaggedArticle):
        post_save.connect(_changed, sender=model, dispatch_uid=f"pages-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pages-del-{model.__name__}")
    for through in (Article.categories.through, Article.authors.through, TaggedArticle):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"pages-m2m-{through}")
