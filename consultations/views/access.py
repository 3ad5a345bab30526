"""Who may see consultations' staff pages: two-step verification and the commissioner decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from accounts import policy
from carers_portal.core.middleware import session_used_mfa, staff_has_mfa, staff_mfa_redirect

ViewFunc = Callable[..., HttpResponseBase]


def _two_step_verified(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_staff) and staff_has_mfa(user) and session_used_mfa(request, user)


def _commissioner_verified(request: HttpRequest) -> bool:
    return policy.user_is_commissioner(request.user) and _two_step_verified(request)


def _include_drafts(request: HttpRequest) -> bool:
    """Draft documents need the policy's role and two-step verification used this session, as results do."""
    return policy.user_can_see_draft_documents(request.user, two_step_verified=_two_step_verified(request))


def commissioner_required(view: ViewFunc) -> ViewFunc:
    """Council commissioners only, signed in with two-step verification used this session."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if not policy.user_is_commissioner(user):
            return render(request, "consultations/forbidden.html", status=403)
        return staff_mfa_redirect(request, user) or view(request, *args, **kwargs)

    return wrapper
