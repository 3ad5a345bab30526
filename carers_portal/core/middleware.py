from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from carers_portal.core.logging import request_id_var

logger = logging.getLogger(__name__)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
STAFF_PATH_PREFIX = "/staff/"
STAFF_LAST_SEEN_KEY = "staff_last_seen"


class RequestIdMiddleware:
    """Tag each request with an id (a load balancer's X-Request-ID if well formed).

    The id goes into every log line of the request and back to the client, and
    the response gains the Permissions-Policy header Django has no setting for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# Pages that hold personal or special category data whoever asks: accounts (email, two-step verification
# secrets and recovery codes, password reset and confirmation links), carers' records and self-assessments,
# referral journeys and status pages, the staff admin, and consultation answers in progress.
# Pages with personal data, and every page that shows a person's email address (subscribing to consultations
# shows it on the "check your email" page, the confirmation page and after unsubscribing).
PRIVATE_PATHS = re.compile(
    r"^/(?:account|carers|referrals|staff)/|^/services/[^/]+/refer/|^/consultations/[^/]+/respond/"
    r"|^/consultations/(?:subscribe|unsubscribe)/"
)


class PrivatePagesNeverCachedMiddleware:
    """`Cache-Control: no-store, private` on every private page and on every page for a signed-in person (the
    header names them), so no browser history, back button on a shared computer or proxy keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if PRIVATE_PATHS.match(request.path_info) or self._signed_in(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _signed_in(request: HttpRequest) -> bool:
        # Without a session cookie nobody is signed in; looking no further leaves public pages' sessions untouched.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)


class StaffSecurityMiddleware:
    """Protects staff sessions, which can reach special category data.

    - A staff session ends after STAFF_IDLE_TIMEOUT_SECONDS without a request.
    - The staff admin opens only when the staff member has set up two-step
      verification and used it to sign in to this session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            response = self._check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> HttpResponse | None:
        now = int(time.time())
        last_seen = request.session.get(STAFF_LAST_SEEN_KEY)
        if isinstance(last_seen, int) and now - last_seen > settings.STAFF_IDLE_TIMEOUT_SECONDS:
            logout(request)
            messages.info(request, "You were signed out because you had not used the staff pages for 30 minutes.")
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        request.session[STAFF_LAST_SEEN_KEY] = now
        if not request.path.startswith(STAFF_PATH_PREFIX):
            return None
        return staff_mfa_redirect(request, user)


def staff_mfa_redirect(request: HttpRequest, user: Any) -> HttpResponse | None:
    """Where a staff member must go before opening a page with personal data, or None if they may.

    Without an authenticator they set one up; with one they must have used it this session.
    """
    if not staff_has_mfa(user):
        messages.info(request, "Set up two-step verification before you use the staff pages.")
        return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
    if not session_used_mfa(request, user):
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
    return None


def staff_has_mfa(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def session_used_mfa(request: HttpRequest, user: Any) -> bool:
    """True when this session's sign-in (or a later re-authentication) included a second factor."""
    from allauth.account.internal.flows.login import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES with 413, before anything reads it.

    DATA_UPLOAD_MAX_MEMORY_SIZE only limits form fields; files in a multipart body
    would otherwise stream to disk however large they are. A body sent without a
    Content-Length (chunked) is refused too: browsers always send one for forms.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            raw = request.META.get("CONTENT_LENGTH") or ""
            chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
            try:
                length = int(raw) if raw else 0
            except ValueError:
                length = -1
            if chunked or length < 0 or length > settings.MAX_REQUEST_BYTES:
                return _too_large(request)
        return self.get_response(request)


def _too_large(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import render

    return render(
        request, "core/request_too_large.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}, status=413
    )


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 "try again shortly" page for a database outage, rendered without touching the database."""
    from django.contrib.auth.models import AnonymousUser
    from django.shortcuts import render

    request.user = AnonymousUser()  # the page must not look the person up in the database
    # Nor ask whether demonstration data is held (a cache miss would query the database).
    response = render(request, "core/service_unavailable.html", {"demo_data_held": False}, status=503)
    response["Retry-After"] = "30"
    return response


def is_database_unavailable(exception: BaseException | None) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exception, OperationalError | InterfaceError)


class DatabaseUnavailableMiddleware:
    """While PostgreSQL is unreachable, answer 503 with Retry-After instead of a 500.

    A restart or fail-over of the database is an outage, not a bug: the person sees a
    "try again shortly" page, a load balancer sees 503, and the error tracker is not
    flooded. CONN_HEALTH_CHECKS reconnects on the next request once it is back. This covers
    exceptions raised by views; one raised by another middleware (the session saved after the
    view, say) reaches the 500 handler, which answers the same (core.views.error_500).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.warning("Database unavailable (%s); answered 503", type(exception).__name__)
        return database_unavailable_response(request)


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before anything asks which host the request is for.

    A container's health check calls its own address (Host: 127.0.0.1:8000), which a production
    DJANGO_ALLOWED_HOSTS rightly refuses (400 DisallowedHost) everywhere else. The two answers say
    only ok/unavailable and carry nothing from the site, so they are served for any Host. Listed
    first in MIDDLEWARE, right after the request id.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from carers_portal.core import views

        if request.path_info == "/healthz":
            return views.healthz(request)
        if request.path_info == "/readyz":
            return views.readyz(request)
        return self.get_response(request)
