"""allauth's account forms with GOV.UK-style error messages (wording only; behaviour is allauth's).

Labels, headings and buttons come from carers_portal/locale/en_GB/LC_MESSAGES/django.po; Django's
generic "This field is required." cannot say which answer is missing, so each field gets its own
message here ("Enter your email address").
"""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest

EMAIL_REQUIRED = "Enter your email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
MESSAGES: dict[str, dict[str, str]] = {
    "login": {"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID},
    "email": {"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID},
    "password": {"required": "Enter your password"},
    "oldpassword": {"required": "Enter your current password"},
    "password1": {"required": "Enter a password"},
    "password2": {"required": "Confirm your password"},
}
NEW_PASSWORD_MESSAGES: dict[str, dict[str, str]] = {
    "password1": {"required": "Enter a new password"},
    "password2": {"required": "Confirm your new password"},
}


class GovMessagesMixin:
    """Puts the GOV.UK messages on an allauth form's fields; `message_overrides` for the forms that set a new
    password."""

    message_overrides: dict[str, dict[str, str]] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        messages = {**MESSAGES, **self.message_overrides}
        for name, field in self.fields.items():
            field.error_messages.update(messages.get(name, {}))


class LoginForm(GovMessagesMixin, allauth_forms.LoginForm):  # type: ignore[misc]
    pass


class SignupForm(GovMessagesMixin, allauth_forms.SignupForm):  # type: ignore[misc]
    def try_save(self, request: HttpRequest) -> Any:
        """allauth (ACCOUNT_PREVENT_ENUMERATION) answers alike for a new and an existing email, but only a new
        account's password was hashed, which is most of the time a sign-up takes: hash it either way, so the
        time taken does not tell whether an account exists."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class ResetPasswordForm(GovMessagesMixin, allauth_forms.ResetPasswordForm):  # type: ignore[misc]
    def save(self, request: HttpRequest, **kwargs: Any) -> Any:
        """Limit resets per (email, address) with allauth's own rate limiting (ACCOUNT_RATE_LIMITS), so one address
        cannot flood a person's inbox and nobody elsewhere can block their reset."""
        key = f"{self.cleaned_data['email'].lower()}:{get_adapter().get_client_ip(request)}"
        refused = ratelimit.consume_or_429(request, action="reset_password_email_address", key=key)
        if refused is not None:
            raise ImmediateHttpResponse(refused)
        return super().save(request, **kwargs)


class ResetPasswordKeyForm(GovMessagesMixin, allauth_forms.ResetPasswordKeyForm):  # type: ignore[misc]
    message_overrides = NEW_PASSWORD_MESSAGES


class ChangePasswordForm(GovMessagesMixin, allauth_forms.ChangePasswordForm):  # type: ignore[misc]
    message_overrides = NEW_PASSWORD_MESSAGES


class AddEmailForm(GovMessagesMixin, allauth_forms.AddEmailForm):  # type: ignore[misc]
    pass


class ReauthenticateForm(GovMessagesMixin, allauth_forms.ReauthenticateForm):  # type: ignore[misc]
    pass
