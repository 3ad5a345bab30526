"""Data shared by the carer tests: a carer's profile, the person they care for, and a filled-in self-assessment."""

from __future__ import annotations

from typing import Any

from accounts.models import Assessment, AssessmentVersion

PROFILE = {
    "preferred_name": "Sam",
    "contact_methods": ["email"],
    "phone": "",
    "address": "",
    "postcode": "ME14 1XX",
    "district": "maidstone",
    "age_band": "50-64",
    "work_status": "part-time",
    "armed_forces": "no",
    "communication_needs": "",
    "gp_knows": "yes",
    "emergency_card": "no",
}


PERSON = {
    "name": "Mum",
    "relationship": "parent",
    "age_band": "75-84",
    "conditions": ["dementia"],
    "lives_together": "yes",
    "hours_band": "50+",
    "care_time": "both",
}


# Valid POST data for every step of the self-assessment: likely eligible (one outcome, significant impact).
STEP_POSTS: dict[str, dict[str, Any]] = {
    "caring": {"tasks": ["personal-care", "meals"], "necessary_care": "yes", "other_help": "", "choice": "no"},
    "health": {"health": "not_affected", "sleep": "sometimes", "stress": "quite", "own_health": ""},
    "outcome-child-care": {"ability": "not_relevant", "details": ""},
    "outcome-other-caring": {"ability": "not_relevant", "details": ""},
    "outcome-home": {"ability": "without_difficulty", "details": ""},
    "outcome-nutrition": {"ability": "some_difficulty", "details": ""},
    "outcome-relationships": {"ability": "without_difficulty", "details": ""},
    "outcome-work": {"ability": "needs_help", "details": "I had to cut my hours."},
    "outcome-community": {"ability": "without_difficulty", "details": ""},
    "outcome-recreation": {"ability": "without_difficulty", "details": ""},
    "wellbeing": {"impact": "significant", "areas": ["health", "work"]},
    "carrying-on": {"able": "with-support", "willing": "yes", "work_wish": "yes"},
    "what-matters": {"what_matters": "Keeping my job.", "biggest_difference": "A sitting service."},
    "emergency-plan": {
        "has_plan": "help",
        "contact_name": "",
        "contact_phone": "",
        "key_details": "",
        "medication": "",
        "treatment": "",
        "plan_location": "",
    },
}


def assessment_fill(client: Any, public_id: Any, posts: dict[str, dict[str, Any]] | None = None) -> None:
    for slug, data in (posts or STEP_POSTS).items():
        response = client.post(f"/carers/assessment/{public_id}/{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])


def submitted(client: Any, carer_factory: Any, email: str = "carer@example.com") -> AssessmentVersion:
    return submitted_by(client, carer_factory(email=email))


def submitted_by(client: Any, user: Any) -> AssessmentVersion:
    client.force_login(user)
    client.post("/carers/assessment/begin/")
    assessment = Assessment.objects.get(user=user)
    assessment_fill(client, assessment.public_id)
    client.post(f"/carers/assessment/{assessment.public_id}/check/")
    return AssessmentVersion.objects.get(assessment=assessment)


# The "about you" answers of a paper self-assessment, as staff key them in (accounts.keyed_in_forms).
PAPER_ABOUT = {
    "preferred_name": "Pat",
    "contact_methods": ["phone"],
    "phone": "07700 900 982",
    "address": "",
    "postcode": "ME14 1XX",
    "age_band": "50-64",
    "work_status": "part-time",
}
KEY_IN_URL = "/staff/accounts/keyedinselfassessment/key-in/"


def key_in_data(
    *, token: str, reference: str = "", consent: bool = True, about: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST data for the key-in page: the request, "about you", and STEP_POSTS under each page's prefix."""
    data: dict[str, Any] = {"request-submission_token": token, "request-reference": reference}
    if consent:
        data["request-consent"] = "on"
    data.update({f"about-{name}": value for name, value in (about or PAPER_ABOUT).items()})
    for slug, answers in STEP_POSTS.items():
        data.update({f"{slug}-{name}": value for name, value in answers.items()})
    return data
