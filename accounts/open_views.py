"""Pages that need no account: ask for a carer's assessment, and "Ask someone to call me".

Thin: the rules are in accounts.open_requests, which hands over to the referral journey's services. The
same safeguards as that journey: a submission token kept in the session (one request per form, and a token
replayed from another session finds nothing), a hidden field for bots, the per-client rate limit, consent,
a confirmation page with the reference and the status link.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.open_forms import CallBackForm, CarerRequestForm
from accounts.open_requests import CarerRequest, call_back_request, carers_assessment_request_open
from carers_portal.core.ratelimit import client_fingerprint
from services.models import Service
from services.referrals.selectors import referral_by_submission_token, referral_for_status_page
from services.referrals.services.submit import referral_rate_limit_exceeded
from services.selectors.service_lookups import service_taking_requests


def _state(request: HttpRequest, key: str, *, fresh_after_sent: bool = False) -> dict[str, Any]:
    """This session's token for the form. Opening the form again after sending starts a new request, while
    a resubmission of the sent form (same token) finds the request it made."""
    state = request.session.get(key)
    if not isinstance(state, dict) or "token" not in state or (fresh_after_sent and state.get("sent")):
        state = {"token": secrets.token_urlsafe(32)}
        request.session[key] = state
    return state


def _finish(request: HttpRequest, key: str, token: str, referral_uuid: str) -> None:
    """The request just sent is remembered for the confirmation page (and a resubmission finds it)."""
    request.session[key] = {"token": token, "sent": referral_uuid}


def _sent_page(request: HttpRequest, key: str, title: str, back_url: str) -> HttpResponse:
    state = _state(request, key)
    referral = referral_for_status_page(token=state["sent"]).first() if state.get("sent") else None
    if referral is None:
        return redirect(back_url)
    return render(request, "accounts/open_sent.html", {"referral": referral, "title": title, "back_url": back_url})


def _submit(
    request: HttpRequest, form: Any, state: dict[str, Any], send: Any, key: str, sent_url: str
) -> HttpResponse | None:
    """Send once the form is valid; None to show the form again (with its errors)."""
    if form.is_bot():
        return render(request, "accounts/open_sent.html", {"referral": None, "title": "Request sent"})
    token = form.cleaned_data["submission_token"]
    if not secrets.compare_digest(token, state["token"]):
        form.add_error(None, "This form has expired. Check your answers and send it again.")
        form.data = form.data.copy()
        form.data["submission_token"] = state["token"]
        return None
    referral = referral_by_submission_token(submission_token=token)
    if referral is None:
        if referral_rate_limit_exceeded(client_key=client_fingerprint(request), user=request.user):
            return render(request, "accounts/open_rate_limited.html", {"back_url": request.path}, status=429)
        try:
            referral = send(token)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
            return None
    _finish(request, key, token, str(referral.uuid))
    return redirect(sent_url)


REQUEST_KEY = "carer_request"


@never_cache
@require_http_methods(["GET", "POST"])
def carer_request(request: HttpRequest, easy_read: bool = False) -> HttpResponse:
    """Ask for a carer's assessment without an account: name, contact, postcode and a few questions.

    The easy read version is the same form in other words, so its answers reach the provider under the
    same question ids.
    """
    state = _state(request, REQUEST_KEY, fresh_after_sent=request.method == "GET")
    form = CarerRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"submission_token": state["token"], "best_time_to_contact": "any"},
    )
    if easy_read:
        form.use_easy_read()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def send(token: str) -> Any:
            return carers_assessment_request_open(
                request=CarerRequest(
                    name=data["name"],
                    postcode=data["postcode"],
                    best_time=data["best_time_to_contact"],
                    relationship=data["relationship"],
                    hours_band=data["hours_band"],
                    carrying_on=data["carrying_on"],
                    consent=data["consent"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                    what_would_help=data["what_would_help"],
                    communication_needs=data["communication_needs"],
                    risk_reported=data["at_risk"] == "yes",
                    call_back=data["call_back"],
                ),
                submission_token=token,
            )

        response = _submit(request, form, state, send, REQUEST_KEY, reverse("carers:request_sent"))
        if response is not None:
            return response
    template = "accounts/open_request_easy_read.html" if easy_read else "accounts/open_request.html"
    return render(request, template, {"form": form, "back_url": reverse("carers:home")})


@never_cache
def carer_request_sent(request: HttpRequest) -> HttpResponse:
    return _sent_page(request, REQUEST_KEY, "Request sent", reverse("carers:request"))


def _service(slug: str | None) -> Service | None:
    if slug is None:
        return None
    return get_object_or_404(service_taking_requests(slug=slug))


def _call_back_key(service: Service | None) -> str:
    return f"call_back:{service.pk if service else 'carers'}"


@never_cache
@require_http_methods(["GET", "POST"])
def call_back(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """ "Ask someone to call me": to the service whose page it was asked from, else the carers' organisation."""
    service = _service(slug)
    key = _call_back_key(service)
    state = _state(request, key, fresh_after_sent=request.method == "GET")
    form = CallBackForm(
        request.POST if request.method == "POST" else None, initial={"submission_token": state["token"]}
    )
    sent_url = (
        reverse("referrals:call_back_sent", kwargs={"slug": service.slug})
        if service
        else reverse("carers:call_back_sent")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def send(token: str) -> Any:
            return call_back_request(
                name=data["name"],
                phone=data["phone"],
                postcode=data["postcode"],
                best_time=data["best_time"],
                about=data["about"],
                consent=data["consent"],
                submission_token=token,
                service=service,
                user=request.user,
            )

        response = _submit(request, form, state, send, key, sent_url)
        if response is not None:
            return response
    back_url = service.get_absolute_url() if service else reverse("carers:home")
    return render(request, "accounts/call_back.html", {"form": form, "service": service, "back_url": back_url})


@never_cache
def call_back_sent(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    service = _service(slug)
    back = reverse("referrals:call_back", kwargs={"slug": service.slug}) if service else reverse("carers:call_back")
    return _sent_page(request, _call_back_key(service), "We will call you", back)
