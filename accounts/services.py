"""Writes for carers: registration, the self-assessment and its versions, reminders, account deletion."""

from __future__ import annotations

import calendar
import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts import steps
from accounts.eligibility import eligibility_indicate
from accounts.models import (
    Assessment,
    AssessmentVersion,
    CaredForAgeBand,
    CaredForPerson,
    CarerProfile,
    HoursBand,
    User,
)
from accounts.selectors import assessment_request_token, carers_assessment_provider
from carers_portal.core.models import AuditEvent, OutboundEmail
from carers_portal.core.services import audit_record, email_enqueue_template, outbox_forget
from services.referrals.models import Referral
from services.referrals.services.submit import ReferralDetails, ReferralInvalid, referral_submit

logger = logging.getLogger(__name__)

PROFILE_FIELDS = (
    "preferred_name",
    "contact_methods",
    "phone",
    "address",
    "postcode",
    "district",
    "age_band",
    "work_status",
    "armed_forces",
    "communication_needs",
    "gp_knows",
    "emergency_card",
)
PERSON_FIELDS = ("name", "relationship", "age_band", "conditions", "lives_together", "hours_band", "care_time")


# --- Registration ------------------------------------------------------------------------------


def carer_profile_save(*, user: User, details: Mapping[str, Any]) -> CarerProfile:
    """Create or update the carer's registration details."""
    values = {name: details.get(name, "") for name in PROFILE_FIELDS}
    if "phone" not in (values["contact_methods"] or []):
        values["phone"] = values["phone"] or ""
    with transaction.atomic():
        profile, created = CarerProfile.objects.select_for_update().update_or_create(user=user, defaults=values)
        audit_record(
            actor=user,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
            obj=profile,
            summary="Carer registration saved",
        )
    return profile


def _person_values(details: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: details[name] for name in PERSON_FIELDS}
    values["lives_together"] = values["lives_together"] in (True, "yes")
    return values


def cared_for_person_add(
    *, profile: CarerProfile, details: Mapping[str, Any], submission_token: uuid.UUID
) -> CaredForPerson:
    """Add a person cared for. The same submission token (a double submission) adds them once."""
    with transaction.atomic():
        person, _ = CaredForPerson.objects.get_or_create(
            submission_token=submission_token, defaults={"profile": profile, **_person_values(details)}
        )
    if person.profile_id != profile.pk:  # a token from someone else's form: never touch their record
        raise ValidationError("This form has expired. Start again.")
    return person


def cared_for_person_update(*, person: CaredForPerson, details: Mapping[str, Any]) -> CaredForPerson:
    for name, value in _person_values(details).items():
        setattr(person, name, value)
    person.save()
    return person


def cared_for_person_remove(*, person: CaredForPerson) -> None:
    person.delete()


# --- The self-assessment -----------------------------------------------------------------------


def assessment_get_or_create(*, user: User) -> Assessment:
    assessment, _ = Assessment.objects.get_or_create(user=user)
    return assessment


def assessment_step_save(*, assessment: Assessment, step: steps.Step, data: Mapping[str, Any]) -> Assessment:
    """Save one page's answers. A change after a submission starts the draft of a new version."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        clean = steps.step_answers(data)
        if locked.answers.get(step.slug) == clean:
            return locked
        locked.answers = {**locked.answers, step.slug: clean}
        if locked.draft_started_at is None:
            locked.draft_started_at = timezone.now()
        locked.save(update_fields=["answers", "draft_started_at", "updated_at"])
    return locked


def cares_for_adult(profile: CarerProfile | None) -> bool:
    if profile is None:
        return True
    bands = [p.age_band for p in profile.people.all()]
    return not bands or any(b != CaredForAgeBand.UNDER_18 for b in bands)


def _about_snapshot(profile: CarerProfile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    return {
        "profile": {name: getattr(profile, name) for name in PROFILE_FIELDS},
        "people": [{name: getattr(p, name) for name in PERSON_FIELDS} for p in profile.people.all()],
    }


def assessment_submit(*, assessment: Assessment) -> AssessmentVersion:
    """Copy the working answers into a new immutable version.

    Submitting twice without changes (a double click, a second tab) returns the same version.
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().select_related("user").get(pk=assessment.pk)
        latest = locked.versions.order_by("-number").first()
        if locked.draft_started_at is None and latest is not None:
            return latest
        missing = [s.title for s in steps.STEPS if s.slug not in locked.answers]
        if missing:
            raise ValidationError(f"Answer every question before you submit. Missing: {', '.join(missing)}")
        profile = CarerProfile.objects.filter(user=locked.user).prefetch_related("people").first()
        result = eligibility_indicate(
            steps.answers_to_eligibility(locked.answers, cares_for_adult=cares_for_adult(profile))
        )
        version = AssessmentVersion.objects.create(
            assessment=locked,
            number=(latest.number + 1) if latest else 1,
            answers=locked.answers,
            about=_about_snapshot(profile),
            indication=result.indication.value,
            reasons=list(result.reasons),
        )
        locked.draft_started_at = None
        locked.save(update_fields=["draft_started_at", "updated_at"])
        audit_record(
            actor=locked.user, action=AuditEvent.Action.CREATE, obj=version, summary="Self-assessment submitted"
        )
    return version


# --- Reminders ---------------------------------------------------------------------------------

REMINDER_FIELDS = {
    "draft": "reminders_draft",
    "review": "reminders_review",
    "emergency_plan": "reminders_emergency_plan",
}
UNSUBSCRIBE_SALT = "accounts.reminders.unsubscribe"
DRAFT_FIRST = timedelta(days=3)
DRAFT_SECOND = timedelta(days=10)
REVIEW_MONTHS = 11
EMERGENCY_PLAN_MONTHS = 6


def add_months(moment: datetime, months: int) -> datetime:
    year, month0 = divmod(moment.month - 1 + months, 12)
    year += moment.year
    day = min(moment.day, calendar.monthrange(year, month0 + 1)[1])
    return moment.replace(year=year, month=month0 + 1, day=day)


def months_between(start: datetime, end: datetime) -> int:
    """Whole months from start to end (0 if end is before a month has passed)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def unsubscribe_token(*, user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in REMINDER_FIELDS or not isinstance(data.get("u"), int):
        return None
    return data["u"], data["k"]


def reminder_unsubscribe(*, token: str) -> str | None:
    """Turn off one kind of reminder from a signed link. Returns the kind, or None for a bad token."""
    read = unsubscribe_token_read(token)
    if read is None:
        return None
    user_id, kind = read
    CarerProfile.objects.filter(user_id=user_id).update(**{REMINDER_FIELDS[kind]: False})
    return kind


def reminder_settings_save(*, profile: CarerProfile, kinds: Iterable[str]) -> CarerProfile:
    chosen = set(kinds)
    for kind, field in REMINDER_FIELDS.items():
        setattr(profile, field, kind in chosen)
    profile.save(update_fields=[*REMINDER_FIELDS.values(), "updated_at"])
    return profile


@dataclass(frozen=True)
class _Due:
    assessment: Assessment
    kind: str  # the unsubscribe kind
    template: str
    dedupe_key: str


def _reminder_send(due: _Due) -> bool:
    from django.conf import settings

    user = due.assessment.user
    profile: CarerProfile = user.carer_profile
    unsubscribe_url = settings.SITE_URL + reverse(
        "carers:unsubscribe", kwargs={"token": unsubscribe_token(user=user, kind=due.kind)}
    )
    with transaction.atomic():
        email = email_enqueue_template(
            to=user.email,
            template=f"accounts/email/{due.template}",
            context={
                "name": profile.preferred_name,
                "assessment_url": settings.SITE_URL + reverse("carers:assessment_start"),
                "settings_url": settings.SITE_URL + reverse("accounts:dashboard") + "#reminders",
                "unsubscribe_url": unsubscribe_url,
            },
            category=f"reminder:{due.template.removeprefix('reminder_')}",
            dedupe_key=due.dedupe_key,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return email is not None


def _reminders_due(now: datetime) -> list[_Due]:
    due: list[_Due] = []
    active = Assessment.objects.filter(user__is_active=True).select_related("user", "user__carer_profile")

    # A draft not submitted after 3 and after 10 days (none once submitted: draft_started_at is cleared).
    drafts = active.filter(draft_started_at__lte=now - DRAFT_FIRST, user__carer_profile__reminders_draft=True)
    for a in drafts.iterator(chunk_size=500):
        started_at = a.draft_started_at or now
        kind = "draft_10_days" if now - started_at >= DRAFT_SECOND else "draft_3_days"
        started = int(started_at.timestamp())
        due.append(_Due(a, "draft", "reminder_draft", f"reminder:{kind}:{a.pk}:{started}"))

    submitted = active.annotate(last_at=Max("versions__submitted_at"), last_number=Max("versions__number")).filter(
        last_at__isnull=False
    )
    # Annual review: 11 months after the last submission, once per submission.
    reviews = submitted.filter(last_at__lte=add_months(now, -REVIEW_MONTHS), user__carer_profile__reminders_review=True)
    for a in reviews.iterator(chunk_size=500):
        due.append(_Due(a, "review", "reminder_review", f"reminder:review:{a.pk}:{a.last_number}"))  # type: ignore[attr-defined]

    # Emergency plan: every 6 months after the last submission, once per 6-month period.
    plans = submitted.filter(
        last_at__lte=add_months(now, -EMERGENCY_PLAN_MONTHS), user__carer_profile__reminders_emergency_plan=True
    )
    for a in plans.iterator(chunk_size=500):
        period = months_between(a.last_at, now) // EMERGENCY_PLAN_MONTHS  # type: ignore[attr-defined]
        key = f"reminder:emergency_plan:{a.pk}:{a.last_number}:{period}"  # type: ignore[attr-defined]
        due.append(_Due(a, "emergency_plan", "reminder_emergency_plan", key))
    return due


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Queue every reminder that is due and not yet sent. Returns how many were queued.

    Each reminder has a dedupe key naming its trigger, so running this again (or on two beats)
    never sends one twice.
    """
    now = now or timezone.now()
    due = _reminders_due(now)
    already = set(
        OutboundEmail.objects.filter(dedupe_key__in=[d.dedupe_key for d in due]).values_list("dedupe_key", flat=True)
    )
    return sum(1 for d in due if d.dedupe_key not in already and _reminder_send(d))


# --- Your data ---------------------------------------------------------------------------------


def account_delete(*, user: User) -> None:
    """Delete the account, its registration, drafts, versions held here and preferences.

    Referrals already passed to a provider are the provider's records and stay under the
    council's retention rules (their link to this account is cleared by the referral model).
    Emails still waiting to be sent to the person are dropped, and what those already sent said is
    forgotten (their bodies hold links), as are the sign-in attempts made with the address.
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    with transaction.atomic():
        audit_record(actor=None, action=AuditEvent.Action.DELETE, obj=user, summary="Account deleted by its owner")
        to_them = OutboundEmail.objects.filter(to__iexact=user.email)
        to_them.filter(status=OutboundEmail.Status.PENDING).delete()
        outbox_forget(emails=to_them)
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.email).delete()
        user.delete()


# --- Ask for a carer's assessment (a referral to the carers' organisation) --------------------

# Our carer age bands that have an exact match in the referral's bands.
REFERRAL_AGE_BANDS = {
    "18-24": "18_24",
    "25-34": "25_34",
    "65-74": "65_74",
    "75-84": "75_84",
    "85+": "85_plus",
    "prefer-not": "prefer_not_to_say",
}


def assessment_version_snapshot(*, version: AssessmentVersion) -> dict[str, Any]:
    """The submitted self-assessment as the provider's staff see it (an attachment to the referral)."""
    return {
        "type": "carers-self-assessment",
        "version": version.number,
        "submitted_at": version.submitted_at.isoformat(),
        "indicative_result": version.indication,
        "reasons": version.reasons,
        "about": version.about,
        "answers": steps.answers_summary(version.answers),
    }


def assessment_request(*, user: User, version: AssessmentVersion, best_time: str, phone: str = "") -> Referral:
    """Ask the Community Navigation for Carers provider covering the carer's district for a carer's assessment.

    Creates a referral through the referral triage with the submitted self-assessment attached
    (seen only by that provider's staff). Idempotent per version. Raises ValidationError in plain words.
    """
    if version.assessment.user_id != user.pk:
        raise ValidationError("This is not your self-assessment")
    profile = CarerProfile.objects.filter(user=user).first()
    if profile is None:
        raise ValidationError("Register as a carer first")
    provider = carers_assessment_provider(profile=profile)
    if provider is None and profile.district == "medway":
        raise ValidationError("Medway Council does carers' assessments for people who live in Medway. Contact them.")
    if provider is None:
        raise ValidationError("We cannot find a carers' organisation for your area. Phone 03000 41 61 61.")
    help_wanted = (
        "A carer's assessment (Care Act 2014, section 10). My online self-assessment "
        f"(version {version.number}) is attached."
    )
    if profile.communication_needs:
        help_wanted += f"\nCommunication needs: {profile.communication_needs}"
    details = ReferralDetails(
        name=profile.preferred_name or user.name or user.email,
        help_wanted=help_wanted[:1000],
        consent=True,
        who_needs_support=Referral.WhoNeedsSupport.ME,
        phone=phone or profile.phone,
        email=user.email,
        address=profile.address,
        postcode=profile.postcode,
        best_time_to_contact=best_time,
        age_band=REFERRAL_AGE_BANDS.get(profile.age_band, ""),
        armed_forces=profile.armed_forces,
        # Flags for the provider's queue (Referral.Flag): the self-assessment's "carrying on" answers and hours.
        cannot_carry_on="no" in {version.answers.get("carrying-on", {}).get(k) for k in ("able", "willing")},
        caring_50_hours=profile.people.filter(hours_band=HoursBand.FROM_50).exists(),
    )
    try:
        return referral_submit(
            service=provider,
            details=details,
            user=user,
            submission_token=assessment_request_token(version=version),
            attachment_title=f"Carer's self-assessment, version {version.number}",
            attachment=assessment_version_snapshot(version=version),
        )
    except ReferralInvalid as exc:
        raise ValidationError(str(exc)) from exc
