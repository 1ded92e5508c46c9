"""The desk's background tasks (see newsroom/tasks.py for how they run)."""

from django.contrib.auth import get_user_model

from articles.models import Article
from newsroom.tasks import background

from . import review
from .models import RevisionNote


@background()
def notify_editors_of_submission(article_id, writer_id):
    """Email the editors that an article waits for review, if it still does."""
    article = Article.objects.filter(pk=article_id, status=Article.Status.REVIEW).first()
    if article is not None:
        writer = get_user_model().objects.filter(pk=writer_id).first()
        review.mail_editors_about_submission(article, writer)


@background()
def notify_writer_sent_back(note_id):
    """Email the writer the editor's note on an article sent back to them."""
    note = (
        RevisionNote.objects.select_related("article__created_by", "revision__user")
        .filter(pk=note_id)
        .first()
    )
    if note is not None:
        review.mail_writer_sent_back(note.article, note)
