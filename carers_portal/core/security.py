"""Who is asking: the client address behind our own proxies, and the sign-in name for lockouts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as our own proxies.

    With DJANGO_TRUSTED_PROXY_COUNT=N (N load balancers in front of gunicorn) the
    client is the Nth address from the right of X-Forwarded-For; anything to its left
    was written by the client and could be forged to dodge a rate limit or lockout.
    """
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count][:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The email a sign-in attempt was for (allauth passes `email`; its form field is `login`)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("login", "")
    return str(value or "").strip().lower()[:254]


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """The page django-axes shows once an email has failed to sign in too often from one address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/lockout.html", {"cooloff_minutes": minutes}, status=429)
