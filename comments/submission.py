"""
A reader's comment from arrival to storage: the one path every way of posting takes.

The comment form (``views.post_comment``) and the public API (``api/``) both find the
article with ``article_for_comment`` and hand a bound ``CommentForm`` to ``submit``. It
runs the checks a person can fix (the form's fields, the timing token, duplicates, flood
control, a reused token) and gives the comment to ``moderation.receive``, which alone
decides its status. A refused comment is not stored: the reasons are on the form
(``form.errors``) next to the reader's text. A banned commenter is refused the same way,
but their comment is kept in spam, where the moderators see what they tried to post.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from articles import pagekeys
from articles.models import Article, Category
from newsroom import pagecache

from . import moderation, rules
from .models import Comment

BANNED_REASON = _("The commenter is banned or suspended.")  # for the moderators
FLOOD_MESSAGE = _("You are posting comments too quickly. Slow down.")
DUPLICATE_MESSAGE = _("Duplicate comment detected; it looks as though you’ve already said that!")
REUSED_MESSAGE = _(
    "This form has already been used to post a comment. "
    "Your text is below: press Post Comment again to send it."
)


def article_for_comment(article_id):
    """The published article ``article_id`` with what the comment rules read and no more
    (raises Http404 if the public cannot see it).

    Every post needs it, so it is kept in the shared cache until the article or any
    section changes: the keys that purge its page (a section's comment policy is in
    ``taxonomy``). Only a published article is kept, so one going live is found at once.
    """

    def load():
        sections = Category.objects.select_related("parent").only(
            "name", "comment_policy", "parent", "parent__name", "parent__comment_policy"
        )
        return get_object_or_404(
            Article.objects.published()
            .only("slug", "headline", "status", "published_at", "created_at", "allow_comments")
            .prefetch_related(Prefetch("categories", sections)),
            pk=article_id,
        )

    keys = (pagekeys.article(article_id), pagekeys.TAXONOMY)
    return pagecache.remember(f"comments:article:{article_id}", load, depends=keys)


@dataclass(frozen=True)
class Submission:
    comment: Comment | None  # stored, with the status moderation gave it; None: refused
    by_bot: bool = False  # the honeypot was filled: stored as spam, tell the sender nothing
    banned: bool = False  # refused (form.errors say why), though kept in spam if it could be

    @property
    def accepted(self):
        return self.comment is not None and not self.banned


def submit(form, article, *, ip_address, user_agent):
    """Check and store the comment in ``form`` (a bound ``CommentForm`` for ``article``).

    On refusal the reasons are added to ``form`` and, when the reader must send it again,
    ``form.data["token"]`` holds a fresh token.
    """
    if not form.is_valid():
        return Submission(None)
    comment = form.save(commit=False)
    comment.article = article
    comment.parent = form.cleaned_data["parent"]
    comment.ip_address = ip_address
    comment.user_agent = user_agent[:500]
    if bot_reasons := form.bot_reasons():
        # A filled honeypot is a bot's: spam, without telling it so.
        moderation.receive(comment, spam_reasons=bot_reasons)
        return Submission(comment, by_bot=True)
    if notice := form.timing_notice():
        form.add_error(None, notice)
        # A plain token: sending again takes the time a person would, so a bot that
        # sends junk gains nothing (the form's own page puts the reader's text back).
        _fresh_token(form, article, shown_again=False)
    elif banned := rules.ban_message(comment.email, comment.ip_address):
        form.add_error(None, banned)
        return _keep_as_spam(comment)
    elif rules.is_duplicate(comment):
        form.add_error(None, DUPLICATE_MESSAGE)
    elif rules.flood_blocked(comment.ip_address, comment.email):
        form.add_error(None, FLOOD_MESSAGE)
    elif not rules.claim_token(form.cleaned_data.get("token", ""), comment.email):
        form.add_error(None, REUSED_MESSAGE)
        _fresh_token(form, article)
    else:
        try:
            moderation.receive(comment)
        except moderation.DuplicateComment:
            form.add_error(None, DUPLICATE_MESSAGE)
        else:
            return Submission(comment)
    return Submission(None)


def _fresh_token(form, article, *, shown_again=True):
    """A token to send the comment again with; ``shown_again``: at once."""
    form.data = form.data.copy()
    form.data["token"] = rules.form_token(article.pk, shown_again=shown_again)


def _keep_as_spam(comment):
    """A banned commenter's comment, for the moderators' Spam queue (once per text, and
    not while they post faster than anyone may)."""
    if rules.flood_blocked(comment.ip_address, comment.email):
        return Submission(None, banned=True)
    try:
        moderation.receive(comment, spam_reasons=[str(BANNED_REASON)])
    except moderation.DuplicateComment:
        return Submission(None, banned=True)
    return Submission(comment, banned=True)
