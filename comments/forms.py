from django import forms
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from newsroom.text import strip_controls

from . import rules
from .conf import comment_setting
from .models import Comment

BODY_MAX = 65_525  # WordPress's limit, so imported archives fit
HONEYPOT = "phone"  # hidden from people; bots fill in anything that looks like a field


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    remember = forms.BooleanField(
        required=False,
        label=_("Save my name, email, and website in this browser for the next time I comment."),
    )

    class Meta:
        model = Comment
        fields = ["body", "name", "email", "website", "notify_author"]
        labels = {
            "notify_author": _(
                "Email me when my comment is published and when someone replies to it."
            ),
            "body": _("Comment"),
            "name": _("Name"),
            "email": _("Email"),
            "website": _("Website"),
        }
        help_texts = {"email": _("Never published.")}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX}),
            "name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 245}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 100}),
            "website": forms.URLInput(attrs={"autocomplete": "url", "maxlength": 200}),
        }
        error_messages = {
            "name": {
                "required": _("Please enter your name."),
                "max_length": _(
                    "Please keep your name to %(limit_value)d characters or fewer "
                    "(it has %(show_value)d)."
                ),
            },
            "email": {
                "required": _("Please enter your email address. It will not be published."),
                "invalid": _("Please enter a valid email address, like name@example.com."),
                "max_length": _(
                    "Please keep your email address to %(limit_value)d characters "
                    "or fewer (it has %(show_value)d)."
                ),
            },
            "website": {
                "invalid": _("Please enter a web address starting with http:// or https://."),
                "max_length": _(
                    "Please keep the web address to %(limit_value)d characters or "
                    "fewer (it has %(show_value)d)."
                ),
            },
            "body": {"required": _("Please type your comment.")},
        }

    def __init__(self, data=None, *args, article, **kwargs):
        if data is not None:
            # At the edge: control characters never reach validation, storage or the page.
            data = data.copy()
            # Lengths are capped first (at twice the limit, so the error can still say how
            # long the text was), then control characters go.
            for name, limit in (("name", 245), ("email", 100), ("website", 200)):
                if name in data:
                    data[name] = strip_controls(data[name][: 2 * limit])
            if "body" in data:
                data["body"] = strip_controls(data["body"][: 2 * BODY_MAX], keep_newlines=True)
        self.article = article
        super().__init__(data, *args, **kwargs)
        self.fields["email"].required = True
        self.fields["body"].max_length = BODY_MAX
        self.fields["body"].error_messages["max_length"] = _(
            "Your comment is too long: please keep it to %(limit_value)d characters or fewer "
            "(it has %(show_value)d)."
        )
        self.fields["body"].validators.append(MaxLengthValidator(BODY_MAX))
        website_error = self.fields["website"].error_messages["invalid"]
        self.fields["website"].validators.append(
            URLValidator(schemes=["http", "https"], message=website_error)
        )
        self.fields[HONEYPOT] = forms.CharField(required=False, label=_("Leave this field empty"))
        if not self.is_bound:
            self.initial.setdefault("token", rules.form_token(article.pk))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # point assistive technology at the reason
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
                )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please type your comment."))
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article=self.article)
            .select_related("article")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(_("The comment you are replying to is not available."))
        if parent.depth >= comment_setting("MAX_DEPTH"):
            raise forms.ValidationError(_("This conversation is too deep to reply to here."))
        return parent

    def bot_reasons(self):
        """Proof that a bot sent the form (the honeypot): such a comment goes to spam
        without a word. Empty for people."""
        if self.cleaned_data.get(HONEYPOT):
            return [str(_("The hidden honeypot field was filled in."))]
        return []

    def timing_notice(self):
        """Why the reader should look at their comment once more before it is taken, or
        None. Timing only hints at a bot, so it never files a comment as spam."""
        problem = rules.token_problem(self.cleaned_data.get("token", ""), self.article.pk)
        if problem is None:
            return None
        if problem == rules.EXPIRED_FORM:
            return _(
                "This page was open for a long time. Please check your comment and press "
                "“Post Comment” again to send it."
            )
        return _(
            "Your comment was sent very quickly, which is what spam robots do. If you are "
            "a person, please check it and press “Post Comment” again to send it."
        )


class ReportForm(forms.Form):
    """A reader's report of a comment: why, and optionally a word more."""

    reason = forms.ChoiceField(
        label=_("Why should the moderators look at this comment?"),
        choices=[
            ("abuse", _("Abusive or hateful")),
            ("spam", _("Spam or advertising")),
            ("personal", _("It reveals someone’s personal information")),
            ("off_topic", _("Off topic")),
            ("other", _("Something else")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        error_messages={
            "max_length": _(
                "Please keep your note to %(limit_value)d characters or fewer "
                "(it has %(show_value)d)."
            )
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "note" in data:
            data = data.copy()
            data["note"] = strip_controls(data["note"][:1000], keep_newlines=True)
        super().__init__(data, *args, **kwargs)


class OwnEditForm(forms.Form):
    """The commenter's own comment, to correct within AUTHOR_EDIT_MINUTES."""

    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(
            attrs={"rows": 8, "maxlength": BODY_MAX, "aria-describedby": "id_body_helptext"}
        ),
        max_length=BODY_MAX,
        error_messages={
            "required": _("Please type your comment."),
            "max_length": _(
                "Your comment is too long: please keep it to %(limit_value)d characters or "
                "fewer (it has %(show_value)d)."
            ),
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "body" in data:
            data = data.copy()
            data["body"] = strip_controls(data["body"][: 2 * BODY_MAX], keep_newlines=True)
        super().__init__(data, *args, **kwargs)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please type your comment."))
        return body
