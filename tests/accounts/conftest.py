from __future__ import annotations

import uuid
from typing import Any

import pytest

from accounts import services
from accounts.models import User

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


@pytest.fixture(autouse=True)
def _postcodes(db: Any) -> None:
    """A few Kent postcodes (the council imports the ONS Postcode Directory; tests hold just these)."""
    from services.models import Postcode

    for code, kind, district in [
        ("ME14 1XX", Postcode.Kind.FULL, "maidstone"),
        ("CT1", Postcode.Kind.OUTWARD, "canterbury"),
        ("SW1A 1AA", Postcode.Kind.FULL, ""),
    ]:
        Postcode.objects.create(postcode=code, kind=kind, latitude=51.27, longitude=0.52, district=district)


@pytest.fixture
def carer_factory(user_factory: Any) -> Any:
    """A verified user registered as a carer, caring for one adult."""

    def make(email: str = "carer@example.com", **profile: Any) -> User:
        user: User = user_factory(email=email)
        saved = services.carer_profile_save(user=user, details=PROFILE | profile)
        services.cared_for_person_add(profile=saved, details=PERSON, submission_token=uuid.uuid4())
        return user

    return make


def assessment_fill(client: Any, public_id: Any, posts: dict[str, dict[str, Any]] | None = None) -> None:
    for slug, data in (posts or STEP_POSTS).items():
        response = client.post(f"/carers/assessment/{public_id}/{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
