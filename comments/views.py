from django.db.models import Prefetch
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article, Category
from articles.views import ArticleDetailView
from newsroom.client_ip import client_ip

from . import drafts, moderation
from .conf import rules_read_once
from .display import remember_comment
from .forms import CommentForm
from .samesite import is_same_site
from .submission import submit


def _forbidden(request):
    return render(request, "comments/forbidden.html", status=403)


@csrf_exempt  # see comments/samesite.py for what protects this view instead
@require_POST
@rules_read_once
def post_comment(request, article_id):
    """Store a reader's comment and send them back to it (post/redirect/get)."""
    if not is_same_site(request):
        return _forbidden(request)
    if request.user.is_authenticated:
        # A session is a credential: staff get Django's full CSRF check as well.
        if CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}):
            return _forbidden(request)
    article = get_object_or_404(
        # Only what the rules read: the body of a long article is not needed to post.
        Article.objects.published()
        .only("slug", "headline", "status", "published_at", "created_at", "allow_comments")
        .prefetch_related(Prefetch("categories", _policy_fields())),
        pk=article_id,
    )
    if reason := moderation.closed_reason(article):
        return render(
            request, "comments/closed.html", {"article": article, "reason": reason}, status=403
        )

    form = CommentForm(request.POST, article=article)
    submission = submit(
        form,
        article,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if submission.by_bot:
        return redirect(f"{article.get_absolute_url()}#comments")
    if submission.accepted:
        comment = submission.comment
        response = redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
        drafts.discard(response, article)
        return remember_comment(
            response, request, comment, remember_author=form.cleaned_data["remember"]
        )
    # Back to the form with the text and the reasons, at an address that survives a reload.
    return drafts.keep(request, article, form) or article_page_with_form(request, article, form)


def _policy_fields():
    """What Article.sections() reads for the comment policy, and no more."""
    fields = ("name", "comment_policy", "parent", "parent__name", "parent__comment_policy")
    return Category.objects.select_related("parent").only(*fields)


def article_page_with_form(request, article, form):
    """The article page again, the reader's form with their text and the reasons."""
    request.comment_form = form  # read by {% render_comment_section %}
    view = ArticleDetailView()
    view.setup(request, slug=article.slug)
    view.object = article
    return view.render_to_response(view.get_context_data(object=article), status=400)
