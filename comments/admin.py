import functools
from datetime import timedelta
from urllib.parse import quote, urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from articles.admin import CategoryListFilter
from articles.models import Article
from newsroom.admin import StaffInputAdmin, StaffInputChangeList
from newsroom.converters import parse_id

from . import bans, desk, moderation
from .conf import RULES, setting_default
from .models import (
    Comment,
    CommenterBan,
    CommentReport,
    ModerationLog,
    ModerationRules,
    StoryModeration,
    rule_lines,
)

MODERATE = "comments.can_moderate"
BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class StatusFilter(admin.SimpleListFilter):
    """Status, defaulting to the queue: what a moderator opens the page for."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        labels = dict(Comment.Status.choices)
        return [*((status, labels[status]) for status in QUEUES), ("all", "All")]

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


# One-click decisions from a row of the desk: the button's value, the function that
# makes the decision, and what the message says was done.
# The tabs, in a moderator's order of work.
QUEUES = [
    Comment.Status.PENDING,
    Comment.Status.REPORTED,
    Comment.Status.APPROVED,
    Comment.Status.SPAM,
    Comment.Status.REMOVED,
]


def _unfeature(comment, *, by):
    return moderation.feature(comment, by=by, featured=False)


DECISIONS = {
    "approve": (moderation.approve, "Approved"),
    "spam": (moderation.mark_spam, "Marked as spam"),
    "remove": (moderation.remove, "Removed"),
    "restore": (moderation.restore, "Put back in the queue"),
    "feature": (moderation.feature, "Made an editor’s pick"),
    "unfeature": (_unfeature, "No longer an editor’s pick"),
}
# Which buttons a row shows, by the comment's status.
BUTTONS = {
    Comment.Status.PENDING: [("approve", "Approve"), ("spam", "Spam"), ("remove", "Remove")],
    Comment.Status.APPROVED: [("spam", "Spam"), ("remove", "Remove"), ("restore", "Unapprove")],
    Comment.Status.SPAM: [("approve", "Not spam"), ("remove", "Remove"), ("restore", "Queue")],
    Comment.Status.REMOVED: [("approve", "Approve"), ("spam", "Spam"), ("restore", "Queue")],
    # Readers reported it: keep it on the site (their reports are then answered) or not.
    Comment.Status.REPORTED: [("approve", "Keep"), ("remove", "Remove"), ("spam", "Spam")],
}


def _buttons(comment):
    buttons = list(BUTTONS[comment.status])
    if comment.status == Comment.Status.APPROVED and not comment.parent_id:
        buttons.append(("unfeature", "Unpick") if comment.is_featured else ("feature", "Pick"))
    return buttons


_NO_ID = 9_007_199_254_740_991  # no comment, article or ban has this id


@functools.cache
def _url_pattern(name, script_prefix):
    return reverse(name, args=[_NO_ID])


@functools.cache
def _plain_url(name, script_prefix):
    return reverse(name)


def _row_url(name, pk):
    """reverse(name, args=[pk]), resolved once per address for the fifty rows of a page."""
    return _url_pattern(name, get_script_prefix()).replace(str(_NO_ID), str(pk))


def _back(request, default):
    """Where to return after a decision: the queue page it was made from."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _wants_json(request):
    # The desk's script (static/js/desk.js) asks for JSON; a plain form post gets a redirect.
    return "application/json" in request.headers.get("Accept", "")


def _undo_offer(entry):
    """The moderator's latest decision they can still take back, and what it was."""
    if entry is None:
        return None
    if entry.comment_id is None:
        what = (
            _("You lifted the ban on %(who)s.")
            if entry.action == ModerationLog.Action.UNBAN
            else _("You banned %(who)s.")
        ) % {"who": entry.ban.who if entry.ban else entry.note}
    elif entry.previous_body:
        what = _("You edited “%(comment)s”.") % {"comment": entry.comment}
    elif entry.action == ModerationLog.Action.FEATURE:
        what = _("You made “%(comment)s” an editor’s pick.") % {"comment": entry.comment}
    elif entry.action == ModerationLog.Action.UNFEATURE:
        what = _("You unpicked “%(comment)s”.") % {"comment": entry.comment}
    else:
        what = _("You set “%(comment)s” to %(status)s.") % {
            "comment": entry.comment,
            "status": entry.get_to_status_display(),
        }
    return {"pk": entry.pk, "text": what}


class DeskChangeList(StaffInputChangeList):
    """The queue page: each row carries its context (comments/desk.py) and the address
    its decision buttons return to."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = desk.attach_context(self.result_list)
        here = request.get_full_path()
        next_param = "?next=" + quote(here)
        can_decide = self.model_admin.has_moderate_permission(request)
        stories_seen = set()
        for comment in self.result_list:
            comment.desk_next, comment.desk_next_param = here, next_param
            comment.desk_can_decide = can_decide
            # A story's hold switch once per page, on its first row, not on each comment.
            comment.desk_first_of_story = comment.article_id not in stories_seen
            stories_seen.add(comment.article_id)


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=65_525,
        help_text="Published at once under the comment, marked as a staff reply.",
    )


class EditForm(forms.Form):
    body = forms.CharField(
        label="Comment text",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=65_525,
        strip=False,
        help_text="Redact only what must go (a phone number, a name). The original stays in "
        "the moderation log, and readers see that the moderators edited the comment.",
    )


@admin.register(Comment)
class CommentAdmin(StaffInputAdmin, admin.ModelAdmin):
    list_display = ("comment_column", "author", "article_link", "submitted", "decide")
    list_filter = (
        StatusFilter,
        ("article__categories", CategoryListFilter),
        "is_staff_reply",
        "submitted_at",
    )
    search_fields = ("name", "email", "ip_address", "body")
    # No date_hierarchy: its list of years reads every row of the queue on every page
    # (60 ms at 100,000 pending); the submitted_at filter's periods cost nothing.
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
    list_display_links = None  # the comment column links to the comment itself
    list_per_page = 50
    ordering = ("submitted_at", "pk")  # as the comment_queue_order index holds them
    show_full_result_count = False

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/desk.js"]

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

    def get_changelist(self, request, **kwargs):
        return DeskChangeList

    def get_queryset(self, request):
        # Sections for the article column, in the same query count whatever the page size.
        return super().get_queryset(request).prefetch_related("article__categories__parent")

    def get_list_display(self, request):
        if not self.has_moderate_permission(request):
            return self.list_display[:-1]
        return self.list_display

    def changelist_view(self, request, extra_context=None):
        current = request.GET.get("status") or Comment.Status.PENDING
        labels = dict(Comment.Status.choices)
        counts = desk.status_counts()
        queues = [
            {
                "label": label,
                "count": f"{desk.COUNT_CAP:,}+"
                if counts[status] > desk.COUNT_CAP
                else counts[status],
                "url": f"?status={status}",
                "current": status == current,
            }
            for status, label in ((status, labels[status]) for status in QUEUES)
        ]
        title = _("Moderation desk: %(queue)s") % {"queue": labels.get(current, _("All"))}
        extra_context = {
            **(extra_context or {}),
            "title": title,
            "queues": queues,
            "can_decide": self.has_moderate_permission(request),
            "undoable": _undo_offer(moderation.undoable(request.user))
            if self.has_moderate_permission(request)
            else None,
        }
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def get_urls(self):
        return [
            path(
                "<id:comment_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="comments_comment_reply",
            ),
            path(
                "<id:comment_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="comments_comment_decide",
            ),
            path(
                "<id:comment_id>/edit/",
                self.admin_site.admin_view(self.edit_view),
                name="comments_comment_edit",
            ),
            path(
                "story/<id:article_id>/hold/",
                self.admin_site.admin_view(self.hold_story_view),
                name="comments_comment_hold_story",
            ),
            path(
                "undo/<id:log_id>/",
                self.admin_site.admin_view(self.undo_view),
                name="comments_comment_undo",
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
        waiting = comment.status == Comment.Status.PENDING
        if request.method == "POST" and form.is_valid():
            try:
                reply = moderation.staff_reply(
                    comment, by=request.user, body=form.cleaned_data["body"]
                )
            except moderation.DuplicateComment:
                form.add_error("body", "You have already posted this reply.")
            else:
                published = "Your reply is published"
                if waiting and comment.status == Comment.Status.APPROVED:
                    published += f", and {comment.name}'s comment is approved"
                self.message_user(request, f"{published}.", messages.SUCCESS)
                return redirect(
                    _back(request, reverse("admin:comments_comment_change", args=[reply.pk]))
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reply to {comment.name}",
            "opts": self.opts,
            "comment": comment,
            "waiting": waiting,
            "form": form,
            "next": _back(request, ""),
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    def decide_view(self, request, comment_id):
        """One click on a row of the desk: approve, spam, remove or put back in the queue."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=comment_id)
        decision = DECISIONS.get(request.POST.get("decision", ""))
        if decision is None:
            message, level = "Choose a decision.", messages.ERROR
        elif comment.deleted_by_author:
            decision = None
            message, level = "Its author deleted this comment; it stays removed.", messages.ERROR
        else:
            decide, done = decision
            decide(comment, by=request.user)
            message, level = f"{done}: {comment}", messages.SUCCESS
        back = _back(request, reverse("admin:comments_comment_changelist"))
        if _wants_json(request):
            entry = moderation.undoable(request.user)
            return JsonResponse(
                {
                    "ok": decision is not None,
                    "message": message,
                    "status": comment.status,
                    "undo": reverse("admin:comments_comment_undo", args=[entry.pk])
                    if entry
                    else None,
                },
                status=200 if decision else 400,
            )
        self.message_user(request, message, level)
        return redirect(back)

    def hold_story_view(self, request, article_id):
        """Hold every comment on a story for a moderator (pre-moderation), or stop."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=article_id)
        hold = request.POST.get("hold") == "1"
        moderation.hold_story(article.pk, by=request.user, hold=hold)
        self.message_user(
            request,
            f"Every new comment on “{article.headline}” now waits for a moderator."
            if hold
            else f"Comments on “{article.headline}” follow the site’s rules again.",
            messages.SUCCESS,
        )
        return redirect(_back(request, reverse("admin:comments_comment_changelist")))

    def undo_view(self, request, log_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        entry = get_object_or_404(ModerationLog, pk=log_id)
        try:
            comment = moderation.undo(entry, by=request.user)
        except moderation.CannotUndo as refusal:
            ok, message, level = False, str(refusal), messages.WARNING
        else:
            ok, message, level = True, f"Undone: {comment}", messages.SUCCESS
        if _wants_json(request):
            return JsonResponse({"ok": ok, "message": message}, status=200 if ok else 409)
        self.message_user(request, message, level)
        return redirect(_back(request, reverse("admin:comments_comment_changelist")))

    def edit_view(self, request, comment_id):
        """Edit or redact a comment's text; the original is kept in the log."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
        form = EditForm(request.POST or None, initial={"body": comment.body})
        if request.method == "POST" and form.is_valid():
            try:
                changed = moderation.edit(comment, by=request.user, body=form.cleaned_data["body"])
            except moderation.DuplicateComment:
                form.add_error("body", "This author already posted this text on the article.")
            else:
                message = "The comment is edited." if changed else "The text was not changed."
                self.message_user(request, message, messages.SUCCESS)
                return redirect(
                    _back(request, reverse("admin:comments_comment_change", args=[comment.pk]))
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Edit the comment by {comment.name}",
            "opts": self.opts,
            "comment": comment,
            "form": form,
            "next": _back(request, ""),
        }
        return TemplateResponse(request, "admin/comments/comment/edit.html", context)

    # Columns.

    @admin.display(description="Comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(120)

    @admin.display(description="Comment")
    def comment_column(self, obj):
        parts = [
            format_html(
                '<a class="desk-text" href="{}">{}</a>',
                _row_url("admin:comments_comment_change", obj.pk),
                Truncator(obj.body).chars(300),
            )
        ]
        if obj.parent_id:
            parts.append(
                format_html(
                    '<span class="desk-parent">In reply to {}: “{}”</span>',
                    obj.parent.name,
                    Truncator(obj.parent.body).chars(100),
                )
            )
        if obj.held_reason:
            # Why the rules held it (or sent it to spam), in the tense of where it is now.
            label = {Comment.Status.PENDING: "Held", Comment.Status.SPAM: "Sent to spam"}.get(
                obj.status, "Was held"
            )
            parts.append(format_html('<span class="quiet">{}: {}</span>', label, obj.held_reason))
        if reports := getattr(obj, "open_reports", None):
            parts.append(
                format_html(
                    '<span class="desk-reports">Reported by {} reader{}: {}</span>',
                    len(reports),
                    "" if len(reports) == 1 else "s",
                    "; ".join(
                        f"{reason} (“{Truncator(note).chars(80)}”)" if note else reason
                        for reason, note in reports[:5]
                    ),
                )
            )
        if obj.is_featured:
            parts.append(format_html('<span class="desk-pick">{}</span>', "Editor’s pick"))
        if obj.edited_at:
            parts.append(format_html('<span class="quiet">{}</span>', "Edited by the moderators"))
        if obj.status != Comment.Status.PENDING:
            parts.append(format_html('<span class="quiet">{}</span>', obj.get_status_display()))
        return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))  # nosec B308

    @admin.display(description="Article", ordering="article__headline")
    def article_link(self, obj):
        article = obj.article
        sections = ", ".join(category.name for category in article.categories.all())
        waiting = getattr(obj, "article_pending", None)
        return format_html(
            '<a href="{}">{}</a><br><span class="quiet">{}</span>{}{}',
            article.get_absolute_url(),
            article.headline,
            sections or "No section",
            format_html(
                '<br><a class="quiet" href="?status=pending&amp;article__id__exact={}">'
                "{} pending here</a>",
                article.pk,
                waiting,
            )
            if waiting
            else "",
            self._story_hold(obj),
        )

    def _story_hold(self, obj):
        """The story's own hold (a surge, pre-moderation) and the switch for it."""
        story = getattr(obj, "story", None)
        notes = []
        if story is not None and story.in_surge():
            until = f"{timezone.localtime(story.surge_until):%H:%M}"
            notes.append(
                format_html('<br><span class="desk-surge">Surge: all held until {}</span>', until)
            )
        holding = story is not None and story.hold_all
        if holding:
            notes.append(format_html('<br><span class="desk-held">{}</span>', "Every comment held"))
        if getattr(obj, "desk_can_decide", False) and getattr(obj, "desk_first_of_story", True):
            notes.append(
                format_html(
                    '<br><button type="submit" class="desk-button desk-hold" formaction="{}" '
                    'formmethod="post" name="hold" value="{}">{}</button>',
                    _row_url("admin:comments_comment_hold_story", obj.article_id)
                    + obj.desk_next_param,
                    "0" if holding else "1",
                    "Stop holding" if holding else "Hold all here",
                )
            )
        return format_html_join("", "{}", ((note,) for note in notes))

    @admin.display(description="In reply to")
    def parent_excerpt(self, obj):
        return str(obj.parent) if obj.parent_id else "—"

    @admin.display(description="Commenter", ordering="name")
    def author(self, obj):
        ban = getattr(obj, "ban", None)
        return format_html(
            "{}<br>{}<br>{}{}",
            obj.name,
            self._record(obj, "email", obj.email, "no email", "history_by_email"),
            self._record(obj, "ip_address", obj.ip_address, "IP erased", "history_by_ip"),
            format_html(
                '<a class="desk-banned" href="{}">{}</a>',
                _row_url("admin:comments_commenterban_change", ban.pk),
                f"Suspended until {timezone.localtime(ban.expires_at):%d %b %Y %H:%M}"
                if ban.expires_at
                else "Banned",
            )
            if ban
            else "",
        )

    def _record(self, obj, field, value, missing, attribute):
        """An address, a link to all its comments and its approved/spam/removed counts."""
        if not value:
            return format_html('<span class="quiet">{}</span>', missing)
        history = getattr(obj, attribute, None) or {}
        return format_html(
            '<a class="desk-who" href="?status=all&amp;{}={}" title="All comments from {}">{}</a>'
            ' <span class="desk-history" title="approved / spam / removed">'
            "✓{} ⚠{} ✗{}</span>",
            field,
            value,
            value,
            value,
            history.get(Comment.Status.APPROVED, 0),
            history.get(Comment.Status.SPAM, 0),
            history.get(Comment.Status.REMOVED, 0),
        )

    @admin.display(description="Decide")
    def decide(self, obj):
        # Buttons of the changelist's own form (which carries the CSRF token), sent to this
        # comment's decision address: one click, no JavaScript, no nested forms.
        next_param = getattr(obj, "desk_next_param", "")
        if obj.deleted_by_author:  # nothing left to decide on, reply to or edit
            return format_html(
                '<div class="desk-actions" data-comment="{}">'
                '<span class="quiet">Deleted by its author</span>{}</div>',
                obj.pk,
                self._ban_button(obj, next_param),
            )
        action = _row_url("admin:comments_comment_decide", obj.pk)
        buttons = format_html_join(
            "",
            '<button type="submit" class="desk-button desk-{}" formaction="{}" '
            'formmethod="post" name="decision" value="{}" data-key="{}">{}</button>',
            ((value, action + next_param, value, value, label) for value, label in _buttons(obj)),
        )
        return format_html(
            '<div class="desk-actions" data-comment="{}">{}'
            '<a class="desk-button desk-reply" href="{}">Reply</a>'
            '<a class="desk-button desk-edit" href="{}">Edit</a>{}</div>',
            obj.pk,
            buttons,
            _row_url("admin:comments_comment_reply", obj.pk) + next_param,
            _row_url("admin:comments_comment_edit", obj.pk) + next_param,
            self._ban_button(obj, next_param),
        )

    def _ban_button(self, obj, next_param):
        """Ban the commenter (a form, for the reason and the end), or lift their ban."""
        if ban := getattr(obj, "ban", None):
            return format_html(
                '<button type="submit" class="desk-button desk-unban" formaction="{}" '
                'formmethod="post">Lift ban</button>',
                _row_url("admin:comments_commenterban_lift", ban.pk) + next_param,
            )
        if obj.is_staff_reply or not (obj.email or obj.ip_address):
            return ""  # staff are not banned from a comment row
        # By email: an IP address is often shared (an office, a mobile network), so the
        # form starts with it only when the comment has no email.
        who = {"email": obj.email} if obj.email else {"ip_address": obj.ip_address}
        return format_html(
            '<a class="desk-button desk-ban" href="{}?{}">Ban…</a>',
            _plain_url("admin:comments_commenterban_add", get_script_prefix()),
            urlencode({**who, "next": getattr(obj, "desk_next", "")}),
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


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened (decisions, reports): listed and searched, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationLog)
class ModerationLogAdmin(RecordAdmin):
    list_display = ("at", "by", "what", "comment")
    list_filter = ("action", "to_status", "by")
    search_fields = ("comment__body", "comment__name", "note", "by__username")
    date_hierarchy = "at"
    list_select_related = ("by", "comment")

    @admin.display(description="Decision")
    def what(self, obj):
        if obj.action:
            done = obj.get_action_display()
            return f"{done}: {obj.note}" if obj.note else done
        if obj.previous_body:
            return "Edited the text"
        return f"{obj.get_from_status_display()} → {obj.get_to_status_display()}"

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "title": "Moderation log"}
        )


def _queue_name(request):
    """How many comments wait and for how long, beside "Comments", for moderators."""
    if not request.user.has_perm("comments.can_moderate"):
        return None
    waiting, oldest = desk.queue_summary()
    if not waiting:
        return "Comments"
    many = f"{desk.COUNT_CAP:,}+" if waiting > desk.COUNT_CAP else waiting
    now = timezone.now()
    if now - oldest < timedelta(minutes=1):
        return f"Comments ({many} to moderate, the oldest just arrived)"
    return f"Comments ({many} to moderate, oldest {timesince(oldest, now).split(',')[0]})"


admin.site.list_names[("comments", "Comment")] = _queue_name


@admin.register(ModerationRules)
class ModerationRulesAdmin(admin.ModelAdmin):
    """One page: the comment rules. Until it is first saved, the site follows
    settings.COMMENTS, and the form starts from those values."""

    fieldsets = (
        (None, {"fields": ("policy", "max_links", "close_after_days", "report_threshold")}),
        (
            "Words and addresses",
            {
                "fields": (
                    "hold_keywords",
                    "disallowed_keywords",
                    "disallowed_emails",
                    "disallowed_ips",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ModerationRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        # Once saved there is nothing to add: an old bookmark or the back button
        # finds the rules, not a "forbidden" page.
        rules = ModerationRules.objects.first()
        if rules and request.method == "GET" and self.has_view_or_change_permission(request):
            return redirect("admin:comments_moderationrules_change", rules.pk)
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # A list of one: go straight to the rules.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        rules = ModerationRules.objects.first()
        if rules is not None:
            return redirect("admin:comments_moderationrules_change", rules.pk)
        if self.has_add_permission(request):
            return redirect("admin:comments_moderationrules_add")
        return super().changelist_view(request, extra_context)

    def get_changeform_initial_data(self, request):
        defaults = {name: setting_default(name) for name in RULES}
        return {
            "policy": defaults["POLICY"],
            "hold_keywords": "\n".join(defaults["HOLD_KEYWORDS"]),
            "disallowed_keywords": "\n".join(defaults["DISALLOWED_KEYWORDS"]),
            "disallowed_emails": "\n".join(defaults["DISALLOWED_EMAILS"]),
            "disallowed_ips": "\n".join(defaults["DISALLOWED_IPS"]),
            "max_links": defaults["MAX_LINKS"],
            "close_after_days": defaults["CLOSE_AFTER_DAYS"],
            "report_threshold": defaults["REPORT_THRESHOLD"],
        }

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        """What changed, with the values (the page's History): which word left the spam
        list and who took it out, not only that the list changed."""
        if add:
            return super().construct_change_message(request, form, formsets, add)
        changes = [change for name in form.changed_data if (change := _rule_change(form, name))]
        return "; ".join(changes) or "Saved with no change."


def _rule_change(form, name):
    """What changed in one field, or None: a browser sends a list's lines back with
    "\r\n" and a trailing blank line, which Django counts as a change."""
    label = form.fields[name].label
    before, after = form.initial.get(name), form.cleaned_data.get(name)
    if isinstance(form.fields[name].widget, forms.Textarea):
        old_lines, new_lines = rule_lines(before or ""), rule_lines(after or "")
        if old_lines == new_lines:
            return None
        lines, now = set(old_lines), set(new_lines)
        parts = [f"added {', '.join(sorted(now - lines))}" if now - lines else ""]
        parts.append(f"removed {', '.join(sorted(lines - now))}" if lines - now else "")
        return f"{label}: {' and '.join(part for part in parts if part) or 'reordered'}"
    return f"{label}: {before} → {after}"


class BanStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "In force"), ("ended", "Lifted or expired")]

    def queryset(self, request, queryset):
        active = CommenterBan.objects.active().values("pk")
        if self.value() == "active":
            return queryset.filter(pk__in=active)
        if self.value() == "ended":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(CommenterBan)
class CommenterBanAdmin(admin.ModelAdmin):
    """Bans, made from a row of the desk ("Ban…") and lifted from the row or here. Each
    goes through comments/bans.py, which logs it; a lifted ban stays for the record."""

    list_display = ("__str__", "email", "ip_address", "reason", "expires_at", "created_by")
    list_filter = (BanStateFilter,)
    search_fields = ("email", "ip_address", "reason")
    date_hierarchy = "created_at"
    fields = ("email", "ip_address", "reason", "expires_at")
    change_form_template = "admin/comments/commenterban/change_form.html"

    def get_urls(self):
        return [
            path(
                "<id:ban_id>/lift/",
                self.admin_site.admin_view(self.lift_view),
                name="comments_commenterban_lift",
            ),
            *super().get_urls(),
        ]

    def has_delete_permission(self, request, obj=None):
        return False  # lifted, not deleted: the log and the desk keep pointing at it

    def save_model(self, request, obj, form, change):
        if change:
            bans.change(obj, by=request.user)
        else:
            bans.ban(obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        # Made from a row of the desk: back to that place in the queue.
        if back := _back(request, ""):
            self.message_user(request, f"Banned: {obj}", messages.SUCCESS)
            return redirect(back)
        return super().response_add(request, obj, post_url_continue)

    def lift_view(self, request, ban_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        ban = get_object_or_404(CommenterBan, pk=ban_id)
        if not self.has_change_permission(request, ban):
            raise PermissionDenied
        if bans.lift(ban, by=request.user):
            self.message_user(request, f"Ban lifted: {ban}", messages.SUCCESS)
        else:
            self.message_user(request, f"This ban was already lifted: {ban}", messages.INFO)
        return redirect(
            _back(request, reverse("admin:comments_commenterban_change", args=[ban.pk]))
        )


@admin.register(StoryModeration)
class StoryModerationAdmin(admin.ModelAdmin):
    """Stories whose comments the moderators hold (pre-moderation), and surge holds."""

    list_display = ("article", "hold_all", "surge_until", "updated_by", "updated_at")
    list_filter = ("hold_all",)
    search_fields = ("article__headline",)
    raw_id_fields = ("article",)  # Select2 (autocomplete_fields) has no accessible name
    fields = ("article", "hold_all", "surge_until")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CommentReport)
class CommentReportAdmin(RecordAdmin):
    """Readers' reports, for the record. Who reported is not stored."""

    list_display = ("comment", "reason", "note", "reported_at", "resolved_at")
    list_filter = ("reason", "resolved_at")
    date_hierarchy = "reported_at"
    list_select_related = ("comment",)
    fields = ("comment", "reason", "note", "reported_at", "resolved_at")
