"""
Staff log-in: two-factor codes and password resets by email.

Two-factor log-in uses django-otp's TOTP devices (the six-digit codes of an
authenticator app). Anyone on the staff may turn it on from "Two-factor log-in" in the
admin's user links; with ``TWO_FACTOR_REQUIRED`` on, editors (who can publish) and
superusers must, and are sent to set it up right after their password is accepted.

The code is asked for on the admin's own log-in form, beside the password, so that
django-axes keeps counting: a wrong password is counted by axes as before, and a right
password with a wrong code is reported to axes as a failed log-in too, so guessing
codes locks the account and the address out like guessing passwords does.

Password resets are Django's own views (wired in newsroom/urls.py), limited to staff
accounts: readers have none, and a reset link must never be mailed to anyone else.
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

# Who counts as an editor here: whoever may publish (articles/roles.py gives it to Editors).
EDITOR_PERMISSION = "articles.publish_article"
DEVICE_NAME = "Authenticator app"


def has_two_factor(user):
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_two_factor"):  # asked several times per admin page
        user._has_two_factor = user_has_device(user, confirmed=True)
    return user._has_two_factor


def required_for(user):
    """TWO_FACTOR_REQUIRED applies to editors and superusers."""
    return settings.TWO_FACTOR_REQUIRED and (user.is_superuser or user.has_perm(EDITOR_PERMISSION))


def must_set_up(user):
    """True if this user may not use the admin until two-factor log-in is set up."""
    return user.is_authenticated and required_for(user) and not has_two_factor(user)


def is_cleared(user):
    """The admin's gate beside is_staff: verified with a code if the account has a
    device, and not waiting to set one up."""
    if has_two_factor(user):
        return user.is_verified()
    return not must_set_up(user)


class StaffLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label="Two-factor code",
        required=False,
        max_length=8,
        help_text="If you have turned on two-factor log-in: the 6-digit code your "
        "authenticator app shows now.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def clean(self):
        cleaned = super().clean()  # the password, through axes' backend
        user = self.get_user()
        if user is None or not has_two_factor(user):
            return cleaned
        token = (cleaned.get("otp_token") or "").replace(" ", "")
        device = match_token(user, token) if token else None
        if device is None:
            # Counted by axes like a wrong password: codes cannot be guessed freely.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
            raise ValidationError(
                "Enter the 6-digit code from your authenticator app: "
                + ("that code is not right or has expired." if token else "it is missing."),
                code="otp",
            )
        user.otp_device = device  # django-otp keeps it in the session on log-in
        return cleaned


class StaffPasswordResetForm(PasswordResetForm):
    """Reset links go to active staff accounts only."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)


def _secret(device):
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def two_factor_view(request, admin_site):
    """Set up, or turn off, two-factor log-in for the signed-in staff member."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect(f"{reverse('admin:login')}?next={request.path}")
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    error = ""
    if request.method == "POST":
        token = request.POST.get("otp_token", "").replace(" ", "")
        if request.POST.get("action") == "turn-off" and confirmed:
            if required_for(user):
                error = "Editors and administrators must keep two-factor log-in on."
            elif confirmed.verify_token(token):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, "Two-factor log-in is off.")
                return redirect("admin:two_factor")
            else:
                error = "That code is not right or has expired: try the one showing now."
        elif not confirmed:
            pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if pending and pending.verify_token(token):
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                otp_login(request, pending)
                messages.success(
                    request,
                    "Two-factor log-in is on: from now on you log in with your password and "
                    "a code from the app.",
                )
                return redirect("admin:index")
            error = "That code is not right or has expired: try the one showing now."
    context = {
        **admin_site.each_context(request),
        "title": "Two-factor log-in",
        # Someone still setting up may not use the admin yet: no models in the sidebar,
        # but the header's user links (log out) all the same.
        "is_nav_sidebar_enabled": False,
        "has_permission": True,
    }
    if confirmed:
        context.update(device=confirmed, can_turn_off=not required_for(user))
    else:
        # The same key on every visit until confirmed, so a reload does not invalidate
        # what the app has already scanned.
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if pending is None:
            pending = TOTPDevice.objects.create(user=user, confirmed=False, name=DEVICE_NAME)
        context.update(
            qr_svg=segno.make(pending.config_url, error="m").svg_inline(
                scale=5, dark="#111827", light="#ffffff", title="QR code to scan"
            ),
            secret=_secret(pending),
            required=must_set_up(user),
        )
    context["error"] = error
    return TemplateResponse(request, "admin/two_factor.html", context)
