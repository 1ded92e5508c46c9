import errno
import logging

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, ChangeList
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DataError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from newsroom import guide, staff_auth
from newsroom.text import clean_text_value

logger = logging.getLogger(__name__)

DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
DISK_FULL_MESSAGE = (
    "The file could not be stored: the server’s disk is full. Nothing was saved. Your other "
    "changes are still here: save without the file, or try again later."
)

# What a filter value the database cannot take raises: a NUL on PostgreSQL, a year
# past 9999, a number past the column's range, letters for a number.
BAD_VALUE = (ValueError, OverflowError, ValidationError, DataError)


class StaffInputChangeList(ChangeList):
    """Every filter value that cannot be applied is an incorrect lookup, which the admin
    answers with a message, as Django already does for the lookups it checks itself."""

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except BAD_VALUE as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            super().get_results(request)
        except BAD_VALUE as error:
            raise IncorrectLookupParameters(error) from error


class StaffInputAdmin:
    """Mixed into every registered ModelAdmin: a staff typo or a crafted admin address
    gets a 400 or a message, never a 500."""

    def get_changelist(self, request, **kwargs):
        return StaffInputChangeList

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OSError as error:
            if error.errno not in DISK_FULL:
                raise
            # Nothing was saved (the view's transaction rolled back): show the form again
            # with everything the editor typed, and say why the upload failed.
            logger.error("Upload refused, media storage full: %s", error)
            request.upload_failed = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        model_form = super().get_form(request, obj, change=change, **kwargs)
        upload_failed = getattr(request, "upload_failed", False)

        class StaffInputForm(model_form):
            def clean(self):
                cleaned_data = super().clean()
                # Cleaned as they will be stored, before uniqueness is checked: "Poli\x0btics"
                # is the existing "Politics", a form error rather than an IntegrityError.
                for name, value in cleaned_data.items():
                    field = model_fields.get(name)
                    cleaned_data[name] = clean_text_value(field, value) if field else value
                if upload_failed:
                    uploads = [name for name in self.files if name in self.fields]
                    self.add_error(uploads[0] if uploads else None, DISK_FULL_MESSAGE)
                return cleaned_data

        model_fields = {field.name: field for field in self.opts.concrete_fields}
        StaffInputForm.__name__ = model_form.__name__
        # A ModelForm subclass builds its fields afresh from Meta: keep the admin's changes
        # to them (e.g. a slug made optional in the ModelAdmin's get_form).
        StaffInputForm.base_fields = model_form.base_fields
        return StaffInputForm

    def changelist_view(self, request, extra_context=None):
        if ERROR_FLAG in request.GET:  # where the admin sends a list it could not filter
            context = {**self.admin_site.each_context(request), "opts": self.opts}
            return TemplateResponse(request, "admin/bad_filter.html", context, status=400)
        return super().changelist_view(request, extra_context)

    def response_action(self, request, queryset, **kwargs):
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                pk.clean(value, None)  # type and range, e.g. "abc", "1.5", 10**20
        except ValidationError:
            self.message_user(
                request,
                "The selection could not be read. Tick the items in the list and try again.",
                messages.WARNING,
            )
            return None  # the changelist redirects back to itself with the message
        return super().response_action(request, queryset, **kwargs)

    def get_changeform_initial_data(self, request):
        """Drop related ids from the address (``?categories=1,2``) that are no ids."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            field = next((f for f in self.opts.get_fields() if f.name == name), None)
            if field is None or not field.is_relation or not hasattr(field, "target_field"):
                continue
            try:
                for item in value if isinstance(value, list) else [value]:
                    field.target_field.clean(item, None)
            except ValidationError:
                del initial[name]
        return initial


class NewsroomAdminSite(admin.AdminSite):
    """The admin, with the comment queue's length beside “Comments” for moderators,
    and two-factor log-in (newsroom/staff_auth.py)."""

    login_form = staff_auth.StaffLoginForm

    def has_permission(self, request):
        return super().has_permission(request) and staff_auth.is_cleared(request.user)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        if request.method == "GET" and staff_auth.must_set_up(request.user):
            # Password accepted; the admin opens once two-factor log-in is set up.
            return redirect("admin:two_factor")
        return super().login(request, extra_context)

    def get_urls(self):
        two_factor = never_cache(lambda request: staff_auth.two_factor_view(request, self))
        guide_page = self.admin_view(
            lambda request, role: guide.guide_view(request, self, role), cacheable=False
        )
        return [
            path("two-factor/", two_factor, name="two_factor"),
            path("guide/<slug:role>/", guide_page, name="guide"),
            *super().get_urls(),
        ]

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every ModelAdmin, ours and third-party ones (auth, taggit), reads staff input safely.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, StaffInputAdmin):
            admin_class = type(admin_class.__name__, (StaffInputAdmin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    # {(app label, model name): callable(request) -> the model's name in the app list, or
    # None}: apps add what waits for the user, e.g. "Comments (3 pending)" for moderators.
    list_names = {}

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                name_for = self.list_names.get((app["app_label"], model["object_name"]))
                if name_for and (name := name_for(request)):
                    model["name"] = name
        return app_list
