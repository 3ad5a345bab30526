"""Tell my story once: a carer's consented story travels with every referral made from their account, and
with every hand-off staff make from one of those referrals to another service (services.referrals.handoff).

The snapshot is taken when a referral is sent or handed on (`referral_submit` calls `story_snapshot_for_user`), so
withdrawing consent stops future sharing while referrals already sent keep what was shared then.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import (
    CaredForAgeBand,
    CarerProfile,
    CarerStory,
    CareTime,
    HoursBand,
    Relationship,
    StoryConsent,
    User,
)
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.models import Condition

SHARES = ("who_they_care_for", "caring_hours", "what_matters", "emergency_plan")
SHARE_LABELS = {
    "who_they_care_for": "who you care for (first name or initials, relationship, age group and conditions)",
    "caring_hours": "how many hours a week you care, and when",
    "what_matters": "what matters to you",
    "emergency_plan": "your emergency plan summary",
}
CONSENT_WORDING = (
    "I agree that my story (who I care for, my caring hours, what matters to me and my emergency plan "
    "summary) is sent with every request for help I make from my account, and with any referral a service makes "
    "for me to another service, to the organisation that receives it."
)


def story_for_profile(*, profile: CarerProfile) -> CarerStory | None:
    return CarerStory.objects.filter(profile=profile).first()


def story_consent_active(*, profile: CarerProfile) -> StoryConsent | None:
    return StoryConsent.objects.filter(profile=profile, withdrawn_at__isnull=True).first()


def story_save(*, profile: CarerProfile, what_matters: str, emergency_plan: str) -> CarerStory:
    if len(what_matters) > 1000 or len(emergency_plan) > 1000:
        raise ValidationError("Each answer must be 1,000 characters or fewer")
    with transaction.atomic():
        story, created = CarerStory.objects.update_or_create(
            profile=profile, defaults={"what_matters": what_matters.strip(), "emergency_plan": emergency_plan.strip()}
        )
        audit_record(
            actor=profile.user,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
            obj=story,
            summary="Carer's story saved",
        )
    return story


def story_consent_give(*, profile: CarerProfile) -> StoryConsent:
    """Record the carer's agreement (when, and what). Giving it again while it stands changes nothing."""
    with transaction.atomic():
        CarerProfile.objects.select_for_update().filter(pk=profile.pk).first()
        active = story_consent_active(profile=profile)
        if active is not None:
            return active
        consent = StoryConsent.objects.create(profile=profile, shares=list(SHARES), wording=CONSENT_WORDING)
        audit_record(
            actor=profile.user, action=AuditEvent.Action.CREATE, obj=consent, summary="Agreed to share their story"
        )
    return consent


def story_consent_withdraw(*, profile: CarerProfile) -> StoryConsent | None:
    """Stop sharing from now on. Referrals already sent keep the copy they were sent with."""
    with transaction.atomic():
        CarerProfile.objects.select_for_update().filter(pk=profile.pk).first()
        active = story_consent_active(profile=profile)
        if active is None:
            return None
        active.withdrawn_at = timezone.now()
        active.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=profile.user, action=AuditEvent.Action.CHANGE, obj=active, summary="Withdrew consent to share story"
        )
    return active


def _label(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def story_snapshot(*, profile: CarerProfile) -> dict[str, Any] | None:
    """The story as a provider sees it, in words; None without standing consent."""
    consent = story_consent_active(profile=profile)
    if consent is None:
        return None
    story = story_for_profile(profile=profile)
    people = [
        {
            "name": p.name,
            "relationship": _label(Relationship, p.relationship),
            "age_group": _label(CaredForAgeBand, p.age_band),
            "conditions": [_label(Condition, c) for c in p.conditions],
            "lives_with_carer": "Yes" if p.lives_together else "No",
        }
        for p in profile.people.all()
    ]
    hours = [
        {"name": p.name, "hours": _label(HoursBand, p.hours_band), "when": _label(CareTime, p.care_time)}
        for p in profile.people.all()
    ]
    return {
        "consent_given_at": consent.given_at.isoformat(),
        "consent_id": consent.pk,
        "who_they_care_for": people if "who_they_care_for" in consent.shares else [],
        "caring_hours": hours if "caring_hours" in consent.shares else [],
        "what_matters": (story.what_matters if story and "what_matters" in consent.shares else "") or "Not given",
        "emergency_plan": (story.emergency_plan if story and "emergency_plan" in consent.shares else "") or "Not given",
    }


def story_snapshot_for_user(*, user: Any) -> dict[str, Any] | None:
    """The snapshot for a signed-in carer with standing consent; None for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return None
    profile = CarerProfile.objects.filter(user=user).prefetch_related("people").first()
    return story_snapshot(profile=profile) if profile is not None else None
