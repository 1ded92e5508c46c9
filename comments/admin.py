from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince

from articles.admin import CategoryListFilter
from newsroom.converters import parse_id

from . import moderation
from .models import Comment, ModerationLog

MODERATE = "comments.can_moderate"
BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class StatusFilter(admin.SimpleListFilter):
    """Status, defaulting to the queue: what a moderator opens the page for."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, ("all", "All")]

    def choices(self, changelist):
        value = self.value() or Comment.Status.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or Comment.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=65_525,
        help_text="Published at once under the comment, marked as a staff reply.",
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("excerpt", "held_reason", "author", "article_link", "submitted", "status")
    list_filter = (
        StatusFilter,
        ("article__categories", CategoryListFilter),
        "is_staff_reply",
        "submitted_at",
    )
    search_fields = ("name", "email", "ip_address", "body")
    date_hierarchy = "submitted_at"
    fieldsets = (
        (None, {"fields": ("body", "article_link", "parent_excerpt")}),
        ("Author", {"fields": ("name", "email", "website", "ip_address", "user_agent")}),
        (
            "Moderation",
            {
                "fields": (
                    "status",
                    "held_reason",
                    "submitted_at",
                    "moderated_by",
                    "moderated_at",
                    "history",
                )
            },
        ),
    )
    actions = ("approve", "mark_spam", "remove", "restore")
    list_select_related = ("article", "parent")
    list_per_page = 50
    ordering = ("submitted_at",)
    show_full_result_count = False

    class Media:
        css = {"all": ["css/admin.css"]}

    # The comment itself is the reader's words: moderators decide, they do not edit.

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Bulk deletion loses the record; only superusers may, and only deliberately.
        return request.user.is_superuser

    def has_moderate_permission(self, request):
        return request.user.has_perm(MODERATE)

    def get_list_display(self, request):
        # In the queue every row is pending: the status column would only repeat it.
        if request.GET.get("status", Comment.Status.PENDING) == Comment.Status.PENDING:
            return self.list_display[:-1]
        return self.list_display

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def get_urls(self):
        return [
            path(
                "<id:comment_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="comments_comment_reply",
            ),
            *super().get_urls(),
        ]

    # Actions: each goes through comments/moderation.py.

    def _decide(self, request, queryset, status, verb):
        changed = moderation.decide_all(queryset, status, by=request.user)
        self.message_user(request, f"{changed} comment(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Approve", permissions=["moderate"], location=BOTH_PLACES)
    def approve(self, request, queryset):
        orphans = queryset.exclude(parent=None).exclude(parent__status=Comment.Status.APPROVED)
        if orphans.exists():
            self.message_user(
                request,
                "Some approved replies answer a comment that is not approved, so readers will "
                "not see them until their parent is approved.",
                messages.WARNING,
            )
        self._decide(request, queryset, Comment.Status.APPROVED, "approved")

    @admin.action(description="Mark as spam", permissions=["moderate"], location=BOTH_PLACES)
    def mark_spam(self, request, queryset):
        self._decide(request, queryset, Comment.Status.SPAM, "marked as spam")

    @admin.action(description="Remove", permissions=["moderate"], location=BOTH_PLACES)
    def remove(self, request, queryset):
        self._decide(request, queryset, Comment.Status.REMOVED, "removed")

    @admin.action(description="Restore to pending", permissions=["moderate"], location=BOTH_PLACES)
    def restore(self, request, queryset):
        self._decide(request, queryset, Comment.Status.PENDING, "restored to the queue")

    def reply_view(self, request, comment_id):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
        form = StaffReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                reply = moderation.staff_reply(
                    comment, by=request.user, body=form.cleaned_data["body"]
                )
            except moderation.DuplicateComment:
                form.add_error("body", "You have already posted this reply.")
            else:
                self.message_user(request, "Your reply is published.", messages.SUCCESS)
                return redirect("admin:comments_comment_change", reply.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reply to {comment.name}",
            "opts": self.opts,
            "comment": comment,
            "form": form,
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    # Columns.

    @admin.display(description="Comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(120)

    @admin.display(description="Article", ordering="article__headline")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article.headline
        )

    @admin.display(description="In reply to")
    def parent_excerpt(self, obj):
        return str(obj.parent) if obj.parent_id else "—"

    @admin.display(description="Author", ordering="name")
    def author(self, obj):
        return format_html(
            '{}<br><span class="quiet">{}<br>{}</span>',
            obj.name,
            obj.email or "no email",
            obj.ip_address or "IP erased",
        )

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted(self, obj):
        when = f"{timezone.localtime(obj.submitted_at):%d %b %Y %H:%M}"
        if obj.status != Comment.Status.PENDING:
            return when
        waiting = timesince(obj.submitted_at, timezone.now()).split(",")[0]
        return format_html('{}<br><span class="quiet">waiting {}</span>', when, waiting)

    @admin.display(description="Moderation history")
    def history(self, obj):
        entries = obj.log.select_related("by")
        if not entries:
            return "No decisions yet."
        return format_html_join(
            mark_safe("<br>"),  # nosec B308
            "{}: {} changed {} → {}",
            (
                (
                    f"{timezone.localtime(entry.at):%d %b %Y %H:%M}",
                    entry.by,
                    entry.get_from_status_display(),
                    entry.get_to_status_display(),
                )
                for entry in entries
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "action_index": 0,  # admin/actions.html reads it; the change form never sets it
            # An address that is no id (".../1.5/change/") has no reply page either.
            "reply_url": reverse("admin:comments_comment_reply", args=[object_id])
            if self.has_moderate_permission(request) and parse_id(object_id) is not None
            else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ("at", "by", "comment", "from_status", "to_status")
    list_filter = ("to_status", "by")
    search_fields = ("comment__body", "comment__name", "by__username")
    date_hierarchy = "at"
    list_select_related = ("by", "comment")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _queue_name(request):
    """The comment queue's length beside "Comments", for moderators."""
    if not request.user.has_perm("comments.can_moderate"):
        return None
    pending = Comment.objects.pending().count()
    return f"Comments ({pending} pending)" if pending else "Comments"


admin.site.list_names[("comments", "Comment")] = _queue_name
