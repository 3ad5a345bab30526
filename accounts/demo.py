"""Demo accounts for `manage.py seed_demo` (development and demos only)."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from accounts.models import User

DEMO_PASSWORD = "kent-demo-password"  # noqa: S105 - printed for demos; never used in production

DEMO_ACCOUNTS: list[dict[str, str | bool]] = [
    {"email": "carer@example.com", "name": "Sam Carer", "staff_role": "", "is_staff": False},
    {"email": "provider@example.com", "name": "Priya Provider", "staff_role": "provider", "is_staff": True},
    {
        "email": "commissioner@example.com",
        "name": "Chris Commissioner",
        "staff_role": "commissioner",
        "is_staff": True,
        "is_superuser": True,
    },
]


def demo_accounts_ensure() -> list[User]:
    """Create the demo accounts if missing, with verified email addresses. Idempotent."""
    users = []
    for spec in DEMO_ACCOUNTS:
        email = str(spec["email"])
        user, created = User.objects.get_or_create(
            email=email,
            defaults={k: v for k, v in spec.items() if k != "email"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        users.append(user)
    return users


DEMO_CARER_PROFILE: dict[str, object] = {
    "preferred_name": "Sam",
    "contact_methods": ["email", "phone"],
    "phone": "01632 960000",
    "address": "",
    "postcode": "ME14 1XQ",
    "district": "maidstone",
    "age_band": "50-64",
    "work_status": "part-time",
    "armed_forces": "no",
    "communication_needs": "",
    "gp_knows": "no",
    "emergency_card": "no",
}
DEMO_PERSON: dict[str, object] = {
    "name": "Mum",
    "relationship": "parent",
    "age_band": "75-84",
    "conditions": ["dementia", "frailty"],
    "lives_together": True,
    "hours_band": "50+",
    "care_time": "both",
}
DEMO_ANSWERS: dict[str, dict[str, object]] = {
    "caring": {
        "tasks": ["personal-care", "medication", "meals", "supervision"],
        "necessary_care": "yes",
        "other_help": "My brother visits at weekends.",
        "choice": "no",
    },
    "health": {"health": "at_risk", "sleep": "most-nights", "stress": "quite", "own_health": ""},
    "outcome-child-care": {"ability": "not_relevant", "details": ""},
    "outcome-other-caring": {"ability": "not_relevant", "details": ""},
    "outcome-home": {"ability": "some_difficulty", "details": ""},
    "outcome-nutrition": {"ability": "without_difficulty", "details": ""},
    "outcome-relationships": {"ability": "distress", "details": "I rarely see friends now."},
    "outcome-work": {"ability": "needs_help", "details": "I have cut my hours."},
    "outcome-community": {"ability": "some_difficulty", "details": ""},
    "outcome-recreation": {"ability": "needs_help", "details": ""},
    "wellbeing": {"impact": "significant", "areas": ["health", "work", "relationships"]},
    "carrying-on": {"able": "with-support", "willing": "yes", "work_wish": "yes"},
    "what-matters": {"what_matters": "Keeping my job and a night's sleep.", "biggest_difference": "A sitting service."},
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


def demo_seed() -> None:
    """The demo carer: registered, caring for one person, with one submitted self-assessment. Idempotent."""
    import uuid

    from accounts import services
    from accounts.models import AssessmentVersion, CarerProfile

    user = User.objects.get(email="carer@example.com")
    if CarerProfile.objects.filter(user=user).exists():
        return
    profile = services.carer_profile_save(user=user, details=DEMO_CARER_PROFILE)
    services.cared_for_person_add(
        profile=profile, details=DEMO_PERSON, submission_token=uuid.uuid5(uuid.NAMESPACE_URL, "demo-carer-person")
    )
    assessment = services.assessment_get_or_create(user=user)
    if not AssessmentVersion.objects.filter(assessment=assessment).exists():
        assessment.answers = DEMO_ANSWERS
        assessment.draft_started_at = assessment.created_at
        assessment.save(update_fields=["answers", "draft_started_at"])
        services.assessment_submit(assessment=assessment)
