"""allauth's account forms with GOV.UK-style error messages (wording only; behaviour is allauth's).

Labels, headings and buttons come from carers_portal/locale/en_GB/LC_MESSAGES/django.po; Django's
generic "This field is required." cannot say which answer is missing, so each field gets its own
message here ("Enter your email address").
"""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms

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


def _gov_messages(form: forms.BaseForm, overrides: dict[str, dict[str, str]] | None = None) -> None:
    messages = {**MESSAGES, **(overrides or {})}
    for name, field in form.fields.items():
        field.error_messages.update(messages.get(name, {}))


class LoginForm(allauth_forms.LoginForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _gov_messages(self)


class SignupForm(allauth_forms.SignupForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _gov_messages(self)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _gov_messages(self)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _gov_messages(self, NEW_PASSWORD_MESSAGES)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _gov_messages(self, NEW_PASSWORD_MESSAGES)


class AddEmailForm(allauth_forms.AddEmailForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _gov_messages(self)


class ReauthenticateForm(allauth_forms.ReauthenticateForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _gov_messages(self)
