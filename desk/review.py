"""Review: a writer submits, editors hear of it, an editor publishes or sends it back
with a note. Each step is a revision (revisions.record) so the history shows it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from articles.models import Article

from .models import RevisionNote

PUBLISH_PERMISSION = "publish_article"


def editors():
    """Active accounts that can publish and have an email address."""
    granted = Q(groups__permissions__codename=PUBLISH_PERMISSION) | Q(
        user_permissions__codename=PUBLISH_PERMISSION
    )
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | granted, is_active=True)
        .exclude(email="")
        .distinct()
    )


def in_review():
    """Articles waiting for an editor, the longest waiting first."""
    return (
        Article.objects.filter(status=Article.Status.REVIEW)
        .annotate(
            submitted_at=Coalesce(
                Max(
                    "revision_notes__revision__date_created",
                    filter=Q(revision_notes__kind=RevisionNote.Kind.SUBMITTED),
                ),
                "updated_at",
            )
        )
        .select_related("created_by")
        .order_by("submitted_at", "pk")
    )


def sent_back_note(article):
    """The editor's note the writer should see: the latest send-back, while the article
    is back in draft and has not been resubmitted since."""
    if article.status != Article.Status.DRAFT:
        return None
    latest = (
        article.revision_notes.filter(
            kind__in=[RevisionNote.Kind.SENT_BACK, RevisionNote.Kind.SUBMITTED]
        )
        .select_related("revision__user")
        .first()
    )
    return latest if latest and latest.kind == RevisionNote.Kind.SENT_BACK else None


def _link(article):
    return settings.SITE_URL.rstrip("/") + reverse(
        "admin:articles_article_change", args=[article.pk]
    )


def _subject(text):
    return " ".join(f"[{settings.SITE_NAME}] {text}".split())[:200]


def mail_editors_about_submission(article, writer):
    recipients = list(
        editors().exclude(pk=writer.pk if writer else None).values_list("email", flat=True)
    )
    if not recipients:
        return
    who = (writer.get_full_name() or writer.get_username()) if writer else "A writer"
    message = (
        f"{who} submitted “{article.headline}” for review.\n\n"
        f"{article.standfirst}\n\nReview it: {_link(article)}\n"
    )
    send_mail(_subject(f"For review: {article.headline}"), message, None, recipients)


def mail_writer_sent_back(article, note):
    writer = article.created_by
    if writer is None or not writer.email:
        return
    editor = note.revision.user
    who = (editor.get_full_name() or editor.get_username()) if editor else "An editor"
    message = (
        f"{who} sent “{article.headline}” back to you with this note:\n\n{note.note}\n\n"
        f"Open it: {_link(article)}\n"
    )
    send_mail(_subject(f"Sent back: {article.headline}"), message, None, [writer.email])
