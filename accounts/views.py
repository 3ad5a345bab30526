from __future__ import annotations

import json
import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import eligibility as elig
from accounts import forms, selectors, services, steps
from accounts.models import Assessment, AssessmentVersion, CarerProfile, User
from carers_portal.core.csv_export import csv_response
from carers_portal.core.models import AuditEvent
from carers_portal.core.ratelimit import client_fingerprint
from carers_portal.core.services import audit_record
from services.referrals.services.submit import referral_rate_limit_exceeded


def _user(request: HttpRequest) -> User:
    # Every caller is behind login_required, so this is always a signed-in User.
    return cast(User, request.user)


def _posted(request: HttpRequest) -> Any:
    """The POST data for a bound form (even an empty POST), or None to show a blank form."""
    return request.POST if request.method == "POST" else None


# --- Account -----------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home: links to everything the portal holds for them."""
    user = _user(request)
    profile = selectors.carer_profile_for_user(user=user)
    assessment = Assessment.objects.filter(user=user).first()
    reminder_form = None
    if profile is not None:
        reminder_form = forms.ReminderSettingsForm(
            initial={"reminders": [k for k, f in services.REMINDER_FIELDS.items() if getattr(profile, f)]}
        )
    return render(
        request,
        "accounts/dashboard.html",
        {
            "profile": profile,
            "assessment": assessment,
            "versions": selectors.assessment_versions_for_user(user=user),
            "reminder_form": reminder_form,
        },
    )


@login_required
@require_POST
def reminder_settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = selectors.carer_profile_for_user(user=user)
    if profile is None:
        raise Http404
    form = forms.ReminderSettingsForm(request.POST)
    if form.is_valid():
        services.reminder_settings_save(profile=profile, kinds=form.cleaned_data["reminders"])
        messages.success(request, "Your reminder settings have been saved.")
    return redirect(reverse("accounts:dashboard") + "#reminders")


@login_required
def your_data(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/your_data.html")


@login_required
def your_data_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    user = _user(request)
    audit_record(actor=user, action=AuditEvent.Action.EXPORT, obj=user, summary=f"Downloaded their data ({fmt})")
    if fmt == "csv":
        return csv_response(selectors.carer_data_rows(user=user), filename="your-data.csv")
    response = HttpResponse(
        json.dumps(selectors.carer_data_export(user=user), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="your-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        user = _user(request)
        logout(request)
        services.account_delete(user=user)
        return redirect("accounts:deleted")
    return render(request, "accounts/delete.html", {"form": form})


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")


# --- Registration ------------------------------------------------------------------------------


def carers_home(request: HttpRequest) -> HttpResponse:
    profile = None
    if request.user.is_authenticated:
        profile = selectors.carer_profile_for_user(user=_user(request))
    return render(request, "accounts/carers_home.html", {"profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    profile = selectors.carer_profile_for_user(user=user)
    initial: dict[str, Any] = {}
    if profile is not None:
        initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    form = forms.CarerProfileForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.carer_profile_save(user=user, details=form.cleaned_data)
        return redirect("carers:people")
    return render(request, "accounts/register.html", {"form": form, "profile": profile})


def _profile_or_register(request: HttpRequest) -> CarerProfile | None:
    return selectors.carer_profile_for_user(user=_user(request))


@login_required
def people(request: HttpRequest) -> HttpResponse:
    profile = _profile_or_register(request)
    if profile is None:
        return redirect("carers:register")
    return render(request, "accounts/people.html", {"profile": profile, "people": list(profile.people.all())})


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    profile = _profile_or_register(request)
    if profile is None:
        return redirect("carers:register")
    form = forms.CaredForPersonForm(_posted(request), initial={"submission_token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            services.cared_for_person_add(
                profile=profile, details=form.cleaned_data, submission_token=form.cleaned_data["submission_token"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("carers:people")
    return render(request, "accounts/person_form.html", {"form": form, "adding": True})


@login_required
@require_http_methods(["GET", "POST"])
def person_change(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(selectors.cared_for_people_for_user(user=_user(request)), pk=person_id)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    initial["lives_together"] = "yes" if person.lives_together else "no"
    initial["submission_token"] = person.submission_token
    form = forms.CaredForPersonForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.cared_for_person_update(person=person, details=form.cleaned_data)
        return redirect("carers:people")
    return render(request, "accounts/person_form.html", {"form": form, "adding": False, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_remove(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(selectors.cared_for_people_for_user(user=_user(request)), pk=person_id)
    form = forms.RemovePersonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.cared_for_person_remove(person=person)
        messages.success(request, f"{person.name} has been removed.")
        return redirect("carers:people")
    return render(request, "accounts/person_remove.html", {"form": form, "person": person})


# --- The self-assessment -----------------------------------------------------------------------


@login_required
def assessment_start(request: HttpRequest) -> HttpResponse:
    """Crisis route first, then start or carry on."""
    user = _user(request)
    profile = selectors.carer_profile_for_user(user=user)
    assessment = Assessment.objects.filter(user=user).first()
    next_step = steps.step_first_unanswered(assessment.answers) if assessment else steps.STEPS[0]
    return render(
        request,
        "accounts/assessment_start.html",
        {
            "profile": profile,
            "has_people": profile is not None and profile.people.exists(),
            "assessment": assessment,
            "next_step": next_step,
            "versions": selectors.assessment_versions_for_user(user=user),
        },
    )


@login_required
@require_POST
def assessment_begin(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if selectors.carer_profile_for_user(user=user) is None:
        return redirect("carers:register")
    assessment = services.assessment_get_or_create(user=user)
    step = steps.step_first_unanswered(assessment.answers)
    if step is None:
        return redirect("carers:assessment_check", public_id=assessment.public_id)
    return redirect("carers:assessment_step", public_id=assessment.public_id, step=step.slug)


def _own_assessment(request: HttpRequest, public_id: uuid.UUID) -> Assessment:
    assessment = get_object_or_404(selectors.assessments_for_user(user=_user(request)), public_id=public_id)
    return assessment


@login_required
@require_http_methods(["GET", "POST"])
def assessment_step(request: HttpRequest, public_id: uuid.UUID, step: str) -> HttpResponse:
    assessment = _own_assessment(request, public_id)
    current = steps.STEP_BY_SLUG.get(step)
    if current is None:
        raise Http404
    changing = request.GET.get("change") == "1"
    form = current.form_class(_posted(request), initial=assessment.answers.get(current.slug, {}))
    if request.method == "POST" and form.is_valid():
        services.assessment_step_save(assessment=assessment, step=current, data=form.cleaned_data)
        following = steps.step_next(current.slug)
        if changing or following is None:
            return redirect("carers:assessment_check", public_id=assessment.public_id)
        return redirect("carers:assessment_step", public_id=assessment.public_id, step=following.slug)
    previous = steps.step_previous(current.slug)
    if changing:
        back = reverse("carers:assessment_check", kwargs={"public_id": assessment.public_id})
    elif previous is not None:
        back = reverse("carers:assessment_step", kwargs={"public_id": assessment.public_id, "step": previous.slug})
    else:
        back = reverse("carers:assessment_start")
    return render(
        request,
        "accounts/assessment_step.html",
        {
            "form": form,
            "step": current,
            "number": steps.step_index(current.slug) + 1,
            "total": len(steps.STEPS),
            "back_url": back,
        },
    )


def _sections(answers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"step": s, "rows": steps.step_summary(s, answers.get(s.slug, {})), "answered": s.slug in answers}
        for s in steps.STEPS
    ]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_check(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assessment = _own_assessment(request, public_id)
    error = ""
    if request.method == "POST":
        try:
            version = services.assessment_submit(assessment=assessment)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            return redirect("carers:assessment_version", number=version.number)
    first_missing = steps.step_first_unanswered(assessment.answers)
    return render(
        request,
        "accounts/assessment_check.html",
        {
            "assessment": assessment,
            "sections": _sections(assessment.answers),
            "first_missing": first_missing,
            "error": error,
        },
    )


@login_required
def assessment_result(request: HttpRequest) -> HttpResponse:
    versions = selectors.assessment_versions_for_user(user=_user(request))
    if not versions:
        return redirect("carers:assessment_start")
    return redirect("carers:assessment_version", number=versions[0].number)


@login_required
def assessment_version(request: HttpRequest, number: int) -> HttpResponse:
    user = _user(request)
    version = get_object_or_404(selectors.assessment_versions_for_user(user=user), number=number)
    profile = selectors.carer_profile_for_user(user=user)
    return render(
        request,
        "accounts/assessment_result.html",
        {
            "version": version,
            "label": elig.INDICATION_LABELS.get(elig.Indication(version.indication), ""),
            "sections": _sections(version.answers),
            "profile": profile,
            "local_services": selectors.carer_local_services(profile=profile) if profile else [],
            "provider": selectors.carers_assessment_provider(profile=profile) if profile else None,
            "cannot_carry_on": "no"
            in {
                version.answers.get("carrying-on", {}).get("able"),
                version.answers.get("carrying-on", {}).get("willing"),
            },
            "request": selectors.assessment_request_for_version(version=version),
            "is_latest": not AssessmentVersion.objects.filter(
                assessment_id=version.assessment_id, number__gt=version.number
            ).exists(),
            "assessment": version.assessment,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_request(request: HttpRequest, number: int) -> HttpResponse:
    """Ask the local carers' organisation for a carer's assessment, sending this version."""
    user = _user(request)
    version = get_object_or_404(selectors.assessment_versions_for_user(user=user), number=number)
    existing = selectors.assessment_request_for_version(version=version)
    if existing is not None:
        return redirect("carers:assessment_requested", number=number)
    profile = selectors.carer_profile_for_user(user=user)
    provider = selectors.carers_assessment_provider(profile=profile) if profile else None
    form = forms.AssessmentRequestForm(_posted(request), initial={"phone": profile.phone if profile else ""})
    if request.method == "POST" and form.is_valid():
        # It makes a referral: the same limits as every other way of making one.
        if referral_rate_limit_exceeded(client_key=client_fingerprint(request), user=user):
            back_url = reverse("carers:assessment_version", kwargs={"number": number})
            return render(request, "referrals/rate_limited.html", {"back_url": back_url}, status=429)
        try:
            services.assessment_request(
                user=user, version=version, best_time=form.cleaned_data["best_time"], phone=form.cleaned_data["phone"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("carers:assessment_requested", number=number)
    return render(
        request,
        "accounts/assessment_request.html",
        {"form": form, "version": version, "provider": provider, "profile": profile},
    )


@login_required
def assessment_requested(request: HttpRequest, number: int) -> HttpResponse:
    version = get_object_or_404(selectors.assessment_versions_for_user(user=_user(request)), number=number)
    referral = selectors.assessment_request_for_version(version=version)
    if referral is None:
        raise Http404
    return render(request, "accounts/assessment_requested.html", {"version": version, "referral": referral})


@login_required
def assessment_version_pdf(request: HttpRequest, number: int) -> HttpResponse:
    from accounts.pdf import assessment_version_pdf

    user = _user(request)
    version = get_object_or_404(selectors.assessment_versions_for_user(user=user), number=number)
    audit_record(actor=user, action=AuditEvent.Action.EXPORT, obj=version, summary="Downloaded the PDF summary")
    response = HttpResponse(assessment_version_pdf(version=version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="carers-self-assessment-version-{number}.pdf"'
    return response


@login_required
def assessment_history(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/assessment_history.html",
        {"versions": selectors.assessment_versions_for_user(user=_user(request))},
    )


# --- Reminders ---------------------------------------------------------------------------------


@csrf_exempt  # the signed token is the credential; mail clients POST here (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link checkers in mail systems open links, so opening one must change nothing); POST, from the
    page's button or from a mail client's one-click unsubscribe, turns the reminders off."""
    if request.method == "POST":
        kind = services.reminder_unsubscribe(token=token)
        if kind is None:
            return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=400)
        return render(request, "accounts/unsubscribe.html", {"kind": kind, "done": True})
    read = services.unsubscribe_token_read(token)
    if read is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=400)
    return render(request, "accounts/unsubscribe.html", {"kind": read[1]})
