"""Subscribing to news of new consultations: subscribe, confirm and unsubscribe."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from carers_portal.core.ratelimit import client_fingerprint, rate_limit_exceeded
from consultations.forms import SubscribeForm
from consultations.services.subscriptions import (
    subscription_confirm,
    subscription_link_usable,
    subscription_request,
    subscription_unsubscribe,
)

SUBSCRIBES_PER_HOUR = 10


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot():
            if rate_limit_exceeded(
                scope="consultation-subscribe",
                key=client_fingerprint(request),
                limit=SUBSCRIBES_PER_HOUR,
                window_seconds=3600,
            ):
                return render(request, "consultations/too_many.html", {}, status=429)
            subscription_request(email=form.cleaned_data["email"], topics=form.cleaned_data["topics"])
        return render(request, "consultations/subscribe_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "consultations/subscribe.html", {"form": form})


@require_http_methods(["GET", "POST"])
def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link opens a page; only its button (a POST) subscribes, so a mail scanner following the link
    subscribes nobody."""
    if request.method != "POST":
        if not subscription_link_usable(token=token):
            return render(request, "consultations/link_invalid.html", {}, status=400)
        return render(request, "consultations/subscribe_confirm.html", {})
    subscription = subscription_confirm(token=token)
    if subscription is None:
        return render(request, "consultations/link_invalid.html", {}, status=400)
    return render(request, "consultations/subscribe_confirmed.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail providers POST without a CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        subscription = subscription_unsubscribe(token=token)
        if subscription is None:
            return render(request, "consultations/link_invalid.html", {}, status=400)
        return render(request, "consultations/unsubscribed.html", {"subscription": subscription})
    return render(request, "consultations/unsubscribe.html", {"token": token, "now": timezone.now()})
