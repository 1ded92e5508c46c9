"""The article admin with the desk: a revision per save, comparing and restoring
revisions, refusing a save that would overwrite someone else's, edit locks and review.

It replaces the articles app's ArticleAdmin with a subclass, so the articles app knows
nothing of the desk."""

import re
from dataclasses import dataclass, field

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from reversion.models import Version

from articles.admin import ArticleAdmin, can_publish
from articles.models import Article, Correction
from articles.sanitize import sanitize_article_body
from newsroom.tasks import enqueue_after_commit

from . import checklist, locks, review, revisions
from .models import RevisionNote
from .tasks import notify_editors_of_submission, notify_writer_sent_back


def _same_body(html):
    return re.sub(r">\s+<", "><", sanitize_article_body(html or "").strip())


def _comparable(name, value):
    """Values as a comparison of what someone changed should see them."""
    if name == "body":
        return _same_body(value)
    if name == "published_at" and value is not None:
        return value.replace(microsecond=0)
    if isinstance(value, str):
        return value.strip()
    return value


def _form_state(cleaned):
    """What the submitted form holds, in revisions.raw_state's terms."""
    state = {}
    for name, _ in revisions.FIELDS:
        if name not in cleaned:
            continue
        value = cleaned[name]
        if name == "source":
            value = value.pk if value else None
        elif name in ("categories", "authors"):
            value = sorted(item.pk for item in value)
        elif name == "tags":
            value = revisions.tag_key(value)
        elif name == "image":
            value = getattr(value, "name", "") or ""
        state[name] = value
    return state


def _tag_string(names):
    return ", ".join(f'"{name}"' if ("," in name or " " in name) else name for name in names)


@dataclass
class Conflict:
    """A save refused because someone else saved first: what they changed."""

    who: str
    when: object
    rows: list
    taken: list = field(default_factory=list)  # fields now showing their version
    both: list = field(default_factory=list)  # fields both changed: the form keeps yours


def _put_in_form(data, name, value):
    """Write a stored value into the form's submitted data, as the widget would send it."""
    if name in ("categories", "authors"):
        data.setlist(name, [str(pk) for pk in value])
    elif name == "tags":
        data[name] = _tag_string(value)
    elif name == "source":
        data[name] = str(value or "")
    elif name in ("is_featured", "allow_comments"):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    elif name == "published_at":
        if value:
            local = timezone.localtime(value)
            data["published_at_0"], data["published_at_1"] = (
                f"{local:%Y-%m-%d}",
                f"{local:%H:%M:%S}",
            )
        else:
            data["published_at_0"] = data["published_at_1"] = ""
    else:
        data[name] = value or ""


class DeskFormMixin:
    """Refuses to save over a revision the editor has not seen (the optimistic check)."""

    def clean(self):
        cleaned = super().clean()
        article = self.instance
        if not article.pk:
            return cleaned
        # Saves of one article queue here (PostgreSQL), so two cannot both pass the check.
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
        if "base_revision" not in self.data:
            return cleaned  # not sent by the admin's form (a script): nothing to compare
        latest = revisions.latest_version(article)
        latest_id = latest.pk if latest else 0
        base_id = cleaned.get("base_revision") or 0
        if latest_id != base_id:
            self._refuse(article, base_id, latest, cleaned)
        return cleaned

    def _refuse(self, article, base_id, latest, cleaned):
        base = Version.objects.filter(pk=base_id, object_id=str(article.pk)).first()
        current = Article.objects.get(pk=article.pk)
        theirs = revisions.raw_state(current)
        base_state = revisions.version_state(base) if base else theirs
        mine = _form_state(cleaned)
        data = self.data.copy()
        taken, both = [], []
        for name, label in revisions.FIELDS:
            if name not in mine:
                continue
            b, t, m = (_comparable(name, s.get(name)) for s in (base_state, theirs, mine))
            if t == b or t == m:
                continue
            if m == b:
                _put_in_form(data, name, theirs[name])
                taken.append(label)
            else:
                both.append(label)
        data["base_revision"] = str(latest.pk)
        self.data = data
        self.conflict = Conflict(
            who=revisions.who(latest.revision.user),
            when=latest.revision.date_created,
            rows=revisions.compare(base_state, theirs, only_changed=True),
            taken=taken,
            both=both,
        )
        when = timezone.localtime(self.conflict.when)
        parts = [
            f"{self.conflict.who} saved this article at {when:%H:%M:%S}, after you opened it, "
            "so your changes were not saved yet."
        ]
        if taken:
            parts.append(
                f"The form now holds their version of: {', '.join(taken)} (you had not "
                "changed those)."
            )
        if both:
            parts.append(
                f"You both changed: {', '.join(both)}. The form keeps yours; their version "
                "is shown below: combine the two and save again."
            )
        else:
            parts.append("Check the form and save again to keep both.")
        raise ValidationError(" ".join(parts), code="conflict")


class ChecklistFormMixin:
    """Runs the pre-publish checklist when the form would publish or schedule the article:
    blocking items are errors on the fields to fix, warnings wait for the editor's tick."""

    made_author = False  # set by the admin: saving makes this editor the author

    def clean(self):
        cleaned = super().clean()
        article = self.instance
        self.checklist = checklist.for_form(cleaned, article, made_author=self.made_author)
        going_live = cleaned.get("status") == Article.Status.PUBLISHED and (
            article.pk is None or self.initial.get("status") != Article.Status.PUBLISHED
        )
        if not going_live or self.errors:
            return cleaned
        if self.checklist.blocking:
            self.add_error(
                None,
                "This article cannot be published yet. Fix what the checklist marks below "
                "and save again: " + " ".join(item.problem for item in self.checklist.blocking),
            )
            for item in self.checklist.blocking:
                if item.field in self.fields and item.field not in self.errors:
                    self.add_error(item.field, item.problem)
        # Asked together with the fixes, so that publishing takes one more save, not two.
        if self.checklist.warnings and not cleaned.get("publish_checked"):
            self.add_error(
                "publish_checked",
                "The checklist has warnings: read them, then tick this box to publish anyway.",
            )
        return cleaned


class CorrectionInline(admin.StackedInline):
    """Corrections and updates, added by editors to a published article and shown with it."""

    model = Correction
    extra = 0
    fields = ("kind", "text", "created_at")
    readonly_fields = ("created_at",)
    verbose_name = "correction or update"
    verbose_name_plural = "Corrections and updates (shown to readers with the article)"

    def has_add_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user)


def _made_author(request):
    """ArticleAdmin makes the editor the author of a story saved with no author and no
    byline, if they have an author page."""
    return getattr(request.user, "author", None) is not None


def _shown(field):
    return "body_as_published" if field == "body" else field


class DeskArticleAdmin(ArticleAdmin):
    change_form_template = "desk/change_form.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only (a writer on a published article): the body as readers see it.
        return [
            (name, {**options, "fields": [_shown(field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "body_as_published")

    @admin.display(description="Body")
    def body_as_published(self, obj):
        return render_to_string("desk/body.html", {"body": sanitize_article_body(obj.body)})

    def get_inlines(self, request, obj):
        published = obj is not None and obj.status == Article.Status.PUBLISHED
        return [CorrectionInline] if published and can_publish(request.user) else []

    def save_formset(self, request, form, formset, change):
        for correction in formset.save(commit=False):
            if correction.pk is None:
                correction.created_by = request.user
            correction.save()
        for gone in formset.deleted_objects:
            gone.delete()

    # Forms: the revision the editor started from travels with the form.

    def get_form(self, request, obj=None, change=False, **kwargs):
        model_form = super().get_form(request, obj, change=change, **kwargs)
        form = type(
            model_form.__name__,
            (ChecklistFormMixin, DeskFormMixin, model_form),
            {"made_author": _made_author(request)},
        )
        form.base_fields = {
            **model_form.base_fields,
            "base_revision": forms.IntegerField(
                required=False, widget=forms.HiddenInput, initial=0
            ),
        }
        if can_publish(request.user):
            form.base_fields["publish_checked"] = forms.BooleanField(
                label="Publish with these warnings",
                required=False,
                help_text="I have read the warnings above and the article may go out as it is.",
            )
        return form

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), "base_revision": 0}

    def _changeform_view(self, request, object_id, form_url, extra_context):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None:
            extra_context.update(self._desk_context(request, obj))
        return super()._changeform_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None and not form.is_bound:
            form.initial["base_revision"] = revisions.latest_version_id(obj)
        context["conflict"] = getattr(form, "conflict", None)
        context["checklist"] = getattr(form, "checklist", None) or checklist.for_article(
            obj or form.instance
        )
        # As stored: after a refused save the form's instance already holds the new status.
        context["was_published"] = form.initial.get("status") == Article.Status.PUBLISHED
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _desk_context(self, request, obj):
        context = {"sent_back": review.sent_back_note(obj)}
        if self.has_change_permission(request, obj):
            lock = locks.touch(obj, request.user)
            context.update(
                lock_holder=locks.holder_name(lock) if lock else "",
                lock_url=reverse("admin:articles_article_lock", args=[obj.pk]),
                lock_seconds=locks.HEARTBEAT_SECONDS,
                revisions_url=reverse("admin:articles_article_revisions", args=[obj.pk]),
            )
            if obj.status == Article.Status.REVIEW and can_publish(request.user):
                context["send_back_url"] = reverse(
                    "admin:articles_article_send_back", args=[obj.pk]
                )
        return context

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        submitted = article.status == Article.Status.REVIEW and (
            not change or form.initial.get("status") != Article.Status.REVIEW
        )
        if reversion.is_active():
            revisions.note_for(
                article,
                kind=RevisionNote.Kind.SUBMITTED if submitted else RevisionNote.Kind.EDITED,
            )
        if submitted:
            enqueue_after_commit(notify_editors_of_submission, article.pk, request.user.pk)
            self.message_user(
                request, "Submitted for review: the editors have been told.", messages.INFO
            )

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        """Publishes the chosen articles that pass the checklist's blocking items and names
        the others with what they lack (a list has no place to acknowledge warnings, so
        those are only reported)."""
        refused = []
        ready = []
        for article in queryset.prefetch_related("categories", "authors"):
            if article.is_published():
                continue
            found = checklist.for_article(article)
            if found.blocking:
                problems = " ".join(item.problem for item in found.blocking)
                refused.append(f"“{article}”: {problems}")
            else:
                ready.append(article.pk)
        super().publish_now(request, queryset.filter(pk__in=ready))
        for line in refused:
            self.message_user(request, f"Not published, {line}", messages.ERROR)

    # Revisions, comparison, restore.

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        name = "articles_article"
        return [
            path(
                "<path:object_id>/revisions/",
                wrap(self.revisions_view),
                name=f"{name}_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                wrap(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                wrap(self.restore_view),
                name=f"{name}_restore",
            ),
            path("<path:object_id>/lock/", wrap(self.lock_view), name=f"{name}_lock"),
            path(
                "<path:object_id>/send-back/",
                wrap(self.send_back_view),
                name=f"{name}_send_back",
            ),
            *super().get_urls(),
        ]

    def _editable_article(self, request, object_id):
        """The article, if this user may change it: writers see and restore only the
        revisions of what they may edit."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "article": article,
            "title": title,
            "has_view_permission": True,
        }

    def revisions_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        versions = [
            {
                "version": version,
                "who": revisions.who(version.revision.user),
                "note": getattr(version.revision, "desk_note", None),
            }
            for version in revisions.versions_of(article)
        ]
        return TemplateResponse(
            request,
            "desk/revisions.html",
            {
                **self._context(request, article, f"Revisions of “{article}”"),
                "versions": versions,
                "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
            },
        )

    def _version(self, article, version_id):
        try:
            version_id = int(version_id)
        except (TypeError, ValueError):
            raise Http404("No such revision.") from None
        return get_object_or_404(
            Version.objects.get_for_object(article).select_related("revision__user"),
            pk=version_id,
        )

    def compare_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        old = self._version(article, request.GET.get("old"))
        new = self._version(article, request.GET.get("new"))
        if old.pk > new.pk:
            old, new = new, old
        rows = revisions.compare(revisions.version_state(old), revisions.version_state(new))
        return TemplateResponse(
            request,
            "desk/compare.html",
            {
                **self._context(request, article, f"Compare revisions of “{article}”"),
                "old": old,
                "new": new,
                "rows": rows,
                "changed": [row for row in rows if row.changed],
                "revisions_url": reverse("admin:articles_article_revisions", args=[article.pk]),
            },
        )

    def restore_view(self, request, object_id, version_id):
        article = self._editable_article(request, object_id)
        version = self._version(article, version_id)
        if request.method == "POST":
            skipped = revisions.restore(article, version, user=request.user)
            when = timezone.localtime(version.revision.date_created)
            self.message_user(
                request,
                f"Restored the revision of {when:%d %b %Y %H:%M} as a new revision. "
                "The article’s status and publication time did not change.",
                messages.SUCCESS,
            )
            if skipped:
                self.message_user(
                    request,
                    "That revision’s image file is no longer stored, so the current image "
                    "was kept.",
                    messages.WARNING,
                )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        current = revisions.raw_state(article)
        return TemplateResponse(
            request,
            "desk/restore.html",
            {
                **self._context(request, article, f"Restore a revision of “{article}”"),
                "version": version,
                "rows": revisions.compare(current, revisions.version_state(version)),
                "revisions_url": reverse("admin:articles_article_revisions", args=[article.pk]),
            },
        )

    # Edit locks: the page's heartbeat.

    def lock_view(self, request, object_id):
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            return JsonResponse({"holder": ""}, status=404)
        if request.POST.get("release"):
            locks.release(article, request.user)
            return JsonResponse({"holder": ""})
        lock = locks.touch(article, request.user)
        return JsonResponse({"holder": locks.holder_name(lock) if lock else ""})

    # Review: sending an article back.

    def send_back_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not can_publish(request.user):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if article.status != Article.Status.REVIEW:
            self.message_user(request, "This article is not waiting for review.", messages.INFO)
            return HttpResponseRedirect(change_url)
        error = ""
        note = ""
        if request.method == "POST":
            note = request.POST.get("note", "").strip()
            if not note:
                error = "Write a note saying what the writer should change."
            else:
                with revisions.record(
                    article, user=request.user, kind=RevisionNote.Kind.SENT_BACK, note=note
                ):
                    article.status = Article.Status.DRAFT
                    article.last_edited_by = request.user
                    article.save()
                sent = article.revision_notes.first()
                enqueue_after_commit(notify_writer_sent_back, sent.pk)
                self.message_user(
                    request, "Sent back to the writer with your note.", messages.SUCCESS
                )
                return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "desk/send_back.html",
            {
                **self._context(request, article, f"Send “{article}” back to the writer"),
                "note": note,
                "error": error,
                "change_url": change_url,
            },
        )


admin.site.unregister(Article)
admin.site.register(Article, DeskArticleAdmin)
