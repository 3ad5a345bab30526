"""The public referral journey, the referrer's status page and "Your referrals". Thin: rules live in services.

The journey keeps its answers in the session (PostgreSQL-backed, so it survives a
Redis outage) until "Send request", which calls `services.referral_submit` once.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carers_portal.core.ratelimit import client_fingerprint
from services.eligibility import EligibilityCheck, reason_text
from services.geography import postcode_locality
from services.models import Service
from services.referrals import selectors
from services.referrals.forms import (
    AboutForm,
    CheckAnswersForm,
    CommunicationForm,
    ConsentForm,
    ContactForm,
    HelpForm,
    OutsideForm,
    SafetyForm,
    WhoForm,
)
from services.referrals.models import Referral
from services.referrals.services.submit import (
    ReferralDetails,
    ReferralInvalid,
    ReferralOutsideService,
    referral_rate_limit_exceeded,
    referral_submit,
)
from services.selectors.eligibility import services_covering
from services.selectors.service_lookups import service_taking_requests

# The question pages after the safety question, in order: (url step, form, page title).
STEPS: list[tuple[str, type[Any], str]] = [
    ("who", WhoForm, "Who needs support?"),
    ("about", AboutForm, "About the person who needs support"),
    ("contact", ContactForm, "How should the service contact you?"),
    ("help", HelpForm, "What help would you like?"),
    ("communication", CommunicationForm, "Communication needs"),
    ("consent", ConsentForm, "Sharing your details"),
]
STEP_NAMES = [name for name, _, _ in STEPS]


def _service(slug: str) -> Service:
    return get_object_or_404(service_taking_requests(slug=slug))


def _session_key(service: Service) -> str:
    return f"referral_journey:{service.pk}"


def _state(request: HttpRequest, service: Service) -> dict[str, Any]:
    state = request.session.get(_session_key(service))
    if not isinstance(state, dict) or "token" not in state:
        state = {"token": secrets.token_urlsafe(32), "answers": {}}
    state.setdefault("answers", {})
    return state


def _save(request: HttpRequest, service: Service, state: dict[str, Any]) -> None:
    request.session[_session_key(service)] = state
    request.session.modified = True


def _eligibility(service: Service, answers: dict[str, Any]) -> tuple[EligibilityCheck, str] | None:
    """The person's age band and district checked against the service today (None before they are asked)."""
    about = answers.get("about")
    if not about:
        return None
    return selectors.person_eligibility_check(
        service=service, age_band=about.get("age_band", ""), postcode=about.get("postcode", ""), on=timezone.localdate()
    )


def _first_missing(service: Service, answers: dict[str, Any]) -> str | None:
    """The first page not yet answered: "start" for the safety question, else a step name; None when complete.

    Someone outside what the service covers is stopped at "outside" until they choose to go on (where allowed).
    """
    if "at_risk" not in answers:
        return "start"
    for name in STEP_NAMES:
        if name not in answers:
            return name
        if name == "about" and not answers.get("outside_confirmed"):
            found = _eligibility(service, answers)
            if found is not None and not found[0].inside:
                return "outside"
    return None


def _url(service: Service, step: str) -> str:
    if step == "start":
        return reverse("referrals:start", kwargs={"slug": service.slug})
    if step in ("check", "confirmation", "urgent_help", "outside"):
        return reverse(f"referrals:{step}", kwargs={"slug": service.slug})
    return reverse("referrals:step", kwargs={"slug": service.slug, "step": step})


def _for_someone_else(answers: dict[str, Any]) -> bool:
    return bool(answers.get("who", {}).get("who_needs_support") == Referral.WhoNeedsSupport.SOMEONE_I_CARE_FOR)


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """The safety question. A "yes" shows the urgent help numbers before the journey goes on."""
    service = _service(slug)
    state = _state(request, service)
    if state.get("submitted_reference"):  # a new request after a finished one starts afresh
        state = {"token": secrets.token_urlsafe(32), "answers": {}}
    answers = state["answers"]
    initial = {"at_risk": "yes" if answers.get("at_risk") else "no"} if "at_risk" in answers else None
    form = SafetyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        answers["at_risk"] = form.cleaned_data["at_risk"] == "yes"
        _save(request, service, state)
        nxt = "urgent_help" if answers["at_risk"] else (_first_missing(service, answers) or "check")
        return redirect(_url(service, nxt))
    _save(request, service, state)
    return render(
        request, "referrals/start.html", {"service": service, "form": form, "back_url": service.get_absolute_url()}
    )


@never_cache
def urgent_help(request: HttpRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    state = _state(request, service)
    next_url = _url(service, _first_missing(service, state["answers"]) or "check")
    return render(
        request,
        "referrals/urgent_help.html",
        {"service": service, "next_url": next_url, "back_url": _url(service, "start")},
    )


def _prefill(request: HttpRequest, step: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Signed-in people get their own name and email filled in (they can change them)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    if step == "about" and not _for_someone_else(answers):
        return {"name": getattr(user, "name", "")}
    if step == "about":
        return {"referrer_name": getattr(user, "name", "")}
    if step == "contact":
        return {"email": user.email}
    return {}


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    service = _service(slug)
    if step not in STEP_NAMES:
        raise Http404("No such page")
    state = _state(request, service)
    answers = state["answers"]
    index = STEP_NAMES.index(step)
    missing = _first_missing(service, answers)
    if missing == "outside" and index > STEP_NAMES.index("about"):
        return redirect(_url(service, missing))
    if missing not in (None, "outside") and (missing == "start" or STEP_NAMES.index(str(missing)) < index):
        return redirect(_url(service, str(missing)))
    _, form_class, title = STEPS[index]
    kwargs: dict[str, Any] = {}
    if form_class is AboutForm:
        kwargs["for_someone_else"] = _for_someone_else(answers)
    initial = answers.get(step) or _prefill(request, step, answers)
    form = form_class(request.POST if request.method == "POST" else None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        previous_who = answers.get("who", {}).get("who_needs_support")
        answers[step] = dict(form.cleaned_data)
        if step == "who" and previous_who and previous_who != form.cleaned_data["who_needs_support"]:
            answers.pop("about", None)  # the questions about the person differ: ask them again
        if step in ("who", "about"):
            answers.pop("outside_confirmed", None)  # new answers: checked against the service again
        _save(request, service, state)
        # Next: the first unanswered page, or check your answers once everything is answered
        # (so a "Change" link comes straight back).
        return redirect(_url(service, _first_missing(service, answers) or "check"))
    back = _url(service, "start") if index == 0 else _url(service, STEP_NAMES[index - 1])
    if step == "who" and answers.get("at_risk"):
        back = _url(service, "urgent_help")
    return render(
        request,
        f"referrals/step_{step}.html",
        {
            "service": service,
            "form": form,
            "title": title,
            "back_url": back,
            "for_someone_else": _for_someone_else(answers),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def outside(request: HttpRequest, slug: str) -> HttpResponse:
    """Before consent: the person is outside what the service covers. Says why, lists services that do cover
    them, and lets them go on only where the provider takes requests from outside what it covers."""
    service = _service(slug)
    state = _state(request, service)
    answers = state["answers"]
    found = _eligibility(service, answers) if "at_risk" in answers and "who" in answers else None
    if found is None or found[0].inside:
        return redirect(_url(service, _first_missing(service, answers) or "check"))
    check, district = found
    form = OutsideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and check.can_go_on and form.is_valid():
        answers["outside_confirmed"] = True
        _save(request, service, state)
        return redirect(_url(service, _first_missing(service, answers) or "check"))
    age_band = answers["about"].get("age_band", "")
    return render(
        request,
        "referrals/outside.html",
        {
            "service": service,
            "form": form,
            "check": check,
            "for_someone_else": _for_someone_else(answers),
            "reasons": [reason_text(reason=r, eligibility=check.eligibility, district=district) for r in check.reasons],
            "alternatives": services_covering(
                service=service,
                age_band=age_band,
                district=district,
                locality=postcode_locality(answers["about"].get("postcode", "")),
                on=timezone.localdate(),
            ),
            "change_url": _url(service, "about") + "?change=1",
            "back_url": _url(service, "about"),
        },
    )


def _details(answers: dict[str, Any]) -> ReferralDetails:
    about, contact, help_, comms = answers["about"], answers["contact"], answers["help"], answers["communication"]
    someone_else = _for_someone_else(answers)
    return ReferralDetails(
        name=about["name"],
        help_wanted=help_["help_wanted"],
        consent=bool(answers["consent"].get("consent")),
        who_needs_support=answers["who"]["who_needs_support"],
        referrer_name=about.get("referrer_name", "") if someone_else else "",
        cared_for_agrees=(about.get("cared_for_agrees") == "yes") if someone_else else None,
        phone=contact.get("phone", ""),
        email=contact.get("email", ""),
        address=contact.get("address", ""),
        postcode=about.get("postcode", ""),
        best_time_to_contact=contact["best_time_to_contact"],
        age_band=about.get("age_band", ""),
        communication_needs=tuple(comms.get("communication_needs") or ()),
        interpreter_language=comms.get("interpreter_language", ""),
        heard_about=help_.get("heard_about", ""),
        armed_forces=help_.get("armed_forces", ""),
        risk_reported=bool(answers.get("at_risk")),
        outside_confirmed=bool(answers.get("outside_confirmed")),
    )


def _summary(service: Service, answers: dict[str, Any]) -> list[dict[str, str]]:
    """The rows of the check-your-answers page: question, answer, the page to change it."""
    d = _details(answers)
    labels = {
        "who": dict(Referral.WhoNeedsSupport.choices),
        "age": dict(Referral.AgeBand.choices),
        "time": dict(Referral.BestTime.choices),
        "needs": dict(Referral.CommunicationNeed.choices),
        "heard": dict(Referral.HeardAbout.choices),
        "forces": dict(Referral.ArmedForces.choices),
    }
    someone_else = _for_someone_else(answers)
    rows = [
        ("Is anyone at immediate risk of harm?", "Yes" if d.risk_reported else "No", "start"),
        ("Who needs support", str(labels["who"].get(d.who_needs_support, "")), "who"),
    ]
    if someone_else:
        rows += [
            ("Your name", d.referrer_name, "about"),
            ("Name of the person you care for", d.name, "about"),
            ("They know and agree", "Yes", "about"),
        ]
    else:
        rows.append(("Name", d.name, "about"))
    needs = [str(labels["needs"][n]) for n in d.communication_needs]
    if d.interpreter_language:
        needs.append(f"Interpreter language: {d.interpreter_language}")
    rows += [
        ("Age", str(labels["age"].get(d.age_band, "")), "about"),
        ("Postcode", d.postcode, "about"),
        ("Phone number", d.phone or "Not given", "contact"),
        ("Email address", d.email or "Not given", "contact"),
        ("Postal address", d.address or "Not given", "contact"),
        ("Best time to contact", str(labels["time"].get(d.best_time_to_contact, "")), "contact"),
        ("Help wanted", d.help_wanted, "help"),
        ("How you heard about the service", str(labels["heard"].get(d.heard_about, "Not given")), "help"),
        ("Armed Forces community", str(labels["forces"].get(d.armed_forces, "Not given")), "help"),
        ("Communication needs", "; ".join(needs) or "None", "communication"),
        ("Agree to share these details", "Yes", "consent"),
    ]
    return [
        {"key": key, "value": value, "change_url": _url(service, page) + ("?change=1" if page != "start" else "")}
        for key, value, page in rows
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    state = _state(request, service)
    form = CheckAnswersForm(
        request.POST if request.method == "POST" else None, initial={"submission_token": state["token"]}
    )
    if request.method == "POST":
        return _submit(request, service, state, form)
    missing = _first_missing(service, state["answers"])
    if missing is not None:
        return redirect(_url(service, missing))
    _save(request, service, state)
    return render(
        request,
        "referrals/check.html",
        {
            "service": service,
            "form": form,
            "rows": _summary(service, state["answers"]),
            "back_url": _url(service, STEP_NAMES[-1]),
        },
    )


def _rate_limited(request: HttpRequest) -> bool:
    """Count one attempt to make a referral from this request (the same limits on every route)."""
    return referral_rate_limit_exceeded(client_key=client_fingerprint(request), user=request.user)


def _submit(request: HttpRequest, service: Service, state: dict[str, Any], form: CheckAnswersForm) -> HttpResponse:
    if not form.is_valid():
        return redirect(_url(service, "start"))
    if form.is_bot():
        # Say nothing useful to a bot, store nothing.
        return render(request, "referrals/confirmation.html", {"service": service, "referral": None})
    token = form.cleaned_data["submission_token"]
    # Only the token this session was given counts: another person's token (replayed, or guessed) must
    # not find their referral, so it is compared before any look-up and reveals nothing.
    if not secrets.compare_digest(token, state["token"]):
        return redirect(_url(service, "start"))  # an old or foreign form: begin again
    existing = selectors.referral_by_submission_token(submission_token=token)
    if existing is None:
        if _first_missing(service, state["answers"]) is not None:
            return redirect(_url(service, "start"))
        if _rate_limited(request):
            return render(request, "referrals/rate_limited.html", {"service": service}, status=429)
        try:
            existing = referral_submit(
                service=service, details=_details(state["answers"]), user=request.user, submission_token=token
            )
        except ReferralOutsideService:
            return redirect(_url(service, "outside"))  # the service changed who it covers since they were asked
        except ReferralInvalid:
            return redirect(_url(service, "start"))
    _save(
        request,
        service,
        {
            "token": token,
            "answers": {},
            "submitted_reference": existing.reference,
            "submitted_uuid": str(existing.uuid),
        },
    )
    return redirect(_url(service, "confirmation"))


@never_cache
def confirmation(request: HttpRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    state = _state(request, service)
    if not state.get("submitted_uuid"):
        return redirect(_url(service, "start"))
    referral = selectors.referral_for_status_page(token=state["submitted_uuid"]).first()
    if referral is None:
        return redirect(_url(service, "start"))
    return render(request, "referrals/confirmation.html", {"service": service, "referral": referral})


@never_cache
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The referrer's status page, reached by the unguessable link in their receipt. No personal details."""
    referral = get_object_or_404(selectors.referral_for_status_page(token=str(token)))
    changes = list(referral.status_changes.order_by("at", "pk"))
    return render(
        request,
        "referrals/status.html",
        {
            "referral": referral,
            "changes": changes,
            "description": _public_description(referral.status),
        },
    )


def _public_description(status: str) -> str:
    from services.referrals.triage import PUBLIC_DESCRIPTIONS

    return PUBLIC_DESCRIPTIONS.get(status, "")


@never_cache
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """ "Your referrals": what the signed-in person has sent, with statuses."""
    referrals = selectors.referrals_for_user(user=request.user)
    return render(request, "referrals/mine.html", {"referrals": referrals})
