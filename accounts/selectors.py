"""Reads for carers: their registration, self-assessment, versions, local services and their data."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.crypto import salted_hmac

from accounts import policy
from accounts.models import (
    Assessment,
    AssessmentVersion,
    CaredForPerson,
    CarerProfile,
    CarerStory,
    KeyedInSelfAssessment,
    User,
)
from carers_portal.core.models import OutboundEmail
from services.geography import postcode_normalise
from services.models import Service
from services.referrals.models import Referral
from services.referrals.selectors import referral_by_submission_token, referrals_for_user
from services.selectors.postcodes import postcode_lookup
from services.selectors.service_lookups import carers_assessment_service_for_district, services_for_carer


def carer_profile_for_user(*, user: User) -> CarerProfile | None:
    return CarerProfile.objects.filter(user=user).prefetch_related("people").first()


def cared_for_people_for_user(*, user: User) -> QuerySet[CaredForPerson]:
    """The people the signed-in carer cares for (anyone else's are not found: the view answers 404)."""
    return CaredForPerson.objects.filter(profile__user=user)


def assessments_for_user(*, user: User) -> QuerySet[Assessment]:
    """The carer's own self-assessments (another carer's id is not found: the view answers 404)."""
    return Assessment.objects.filter(user=user)


def assessment_versions_for_user(*, user: User) -> QuerySet[AssessmentVersion]:
    """The carer's submitted self-assessments, newest first."""
    return AssessmentVersion.objects.filter(assessment__user=user).order_by("-number")


def district_for_postcode(*, postcode: str) -> tuple[str, str] | None:
    """(normalised postcode, district) for a Kent or Medway postcode; None if not one we know."""
    found = postcode_lookup(postcode=postcode)
    if found is None or not found.district or postcode_normalise(postcode) is None:
        return None
    return found.postcode, found.district


def carer_data_export(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about this person, for "Your data"."""
    profile = carer_profile_for_user(user=user)
    assessment = Assessment.objects.filter(user=user).first()
    data: dict[str, Any] = {
        "account": {"email": user.email, "name": user.name, "date_joined": user.date_joined.isoformat()},
        "registration": None,
        "people_cared_for": [],
        "reminder_settings": None,
        "self_assessment_draft": None,
        "submitted_self_assessments": [],
        "emails_sent_to_you": [],
    }
    if profile is not None:
        data["registration"] = {
            "preferred_name": profile.preferred_name,
            "contact_methods": profile.contact_methods,
            "phone": profile.phone,
            "address": profile.address,
            "postcode": profile.postcode,
            "district": profile.district,
            "age_band": profile.age_band,
            "work_status": profile.work_status,
            "armed_forces": profile.armed_forces,
            "communication_needs": profile.communication_needs,
            "gp_knows": profile.gp_knows,
            "emergency_card": profile.emergency_card,
            "registered_at": profile.created_at.isoformat(),
        }
        data["people_cared_for"] = [
            {
                "name": p.name,
                "relationship": p.relationship,
                "age_band": p.age_band,
                "conditions": p.conditions,
                "lives_together": p.lives_together,
                "hours_band": p.hours_band,
                "care_time": p.care_time,
            }
            for p in profile.people.all()
        ]
        story = CarerStory.objects.filter(profile=profile).first()
        data["your_story"] = {
            "what_matters": story.what_matters if story else "",
            "emergency_plan": story.emergency_plan if story else "",
            "sharing_consents": [
                {
                    "given_at": c.given_at.isoformat(),
                    "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                    "shares": c.shares,
                    "wording": c.wording,
                }
                for c in profile.story_consents.all()
            ],
        }
        data["reminder_settings"] = {
            "draft": profile.reminders_draft,
            "review": profile.reminders_review,
            "emergency_plan": profile.reminders_emergency_plan,
        }
    if assessment is not None:
        if assessment.is_draft:
            data["self_assessment_draft"] = {
                "answers": assessment.answers,
                "started_at": assessment.draft_started_at.isoformat() if assessment.draft_started_at else None,
            }
        data["submitted_self_assessments"] = [
            {
                "version": v.number,
                "submitted_at": v.submitted_at.isoformat(),
                "indicative_result": v.indication,
                "reasons": v.reasons,
                "answers": v.answers,
                "about": v.about,
            }
            for v in assessment.versions.order_by("number")
        ]
    data["requests_for_help"] = [
        {
            "reference": r.reference,
            "service": r.service.name,
            "organisation": r.organisation.name,
            "submitted_at": r.submitted_at.isoformat(),
            "status": r.status,
            "note": "The organisation holds this record under the council's retention rules.",
        }
        for r in referrals_for_user(user=user).order_by("submitted_at")
    ]
    data["emails_sent_to_you"] = [
        {"subject": e.subject, "category": e.category, "status": e.status, "created_at": e.created_at.isoformat()}
        for e in OutboundEmail.objects.filter(to__iexact=user.email).order_by("created_at")
    ]
    return data


def _flatten(prefix: str, value: Any, rows: list[list[str]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, rows)
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for i, inner in enumerate(value, start=1):
            _flatten(f"{prefix}.{i}", inner, rows)
    elif isinstance(value, list):
        rows.append([prefix, "; ".join(str(v) for v in value)])
    else:
        rows.append([prefix, "" if value is None else str(value)])


def carer_data_rows(*, user: User) -> list[list[str]]:
    """The export as rows of (item, value), for the CSV download."""
    rows: list[list[str]] = [["Item", "Value"]]
    _flatten("", carer_data_export(user=user), rows)
    return rows


def carer_conditions(*, profile: CarerProfile) -> list[str]:
    """The conditions of everyone the carer looks after, without repeats, in first-seen order."""
    return list(dict.fromkeys(c for person in profile.people.all() for c in person.conditions))


def carer_local_services(*, profile: CarerProfile, limit: int = 6) -> list[Service]:
    """Directory services for the carer's district and the conditions of the people they care for."""
    if not profile.district:
        return []
    return services_for_carer(district=profile.district, conditions=carer_conditions(profile=profile), limit=limit)


def carers_assessment_provider(*, profile: CarerProfile) -> Service | None:
    """The Community Navigation for Carers service covering the carer's district."""
    if not profile.district:
        return None
    return carers_assessment_service_for_district(district=profile.district, postcode=profile.postcode)


def assessment_request_token(*, version: AssessmentVersion) -> str:
    """One request per submitted version: asking twice for the same version finds the first request.

    A keyed hash (HMAC with SECRET_KEY) of the version, so it cannot be worked out from the
    assessment's public id (which is in URLs) and replayed in the referral journey.
    """
    return salted_hmac(
        "accounts.assessment_request_token", f"{version.assessment.public_id}:{version.number}", algorithm="sha256"
    ).hexdigest()


def assessment_request_for_version(*, version: AssessmentVersion) -> Referral | None:
    """The request for a carer's assessment made with this version, if the carer made one."""
    return referral_by_submission_token(submission_token=assessment_request_token(version=version))


def keyed_in_assessments_visible_to(*, user: Any) -> QuerySet[KeyedInSelfAssessment]:
    """Paper self-assessments keyed in by staff: the policy's "all" scope sees all, "own organisation" its own."""
    records = KeyedInSelfAssessment.objects.select_related("referral", "organisation", "keyed_by")
    return policy.records_visible_to(user, "keyed_in_assessments.view", records)
